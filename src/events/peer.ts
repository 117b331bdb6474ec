/** Canonical peers from the several spellings CloudTrail uses for a rule's source or destination. */
import { canonicalCidr } from '../model/cidr';
import { GROUP_PEER_DETAIL_FIELDS, type GroupPeer, type Peer } from '../model/types';
import { field, text } from './read';

/** A CIDR peer; its family follows the address, whichever field carried it. Null when invalid. */
export function cidrPeer(raw: unknown): Peer | null {
  const value = text(raw);
  const canonical = value === null ? undefined : canonicalCidr(value);
  if (canonical === undefined) return null;
  return { kind: canonical.includes(':') ? 'cidr6' : 'cidr4', value: canonical };
}

/** A managed prefix list (`pl-…`) peer. */
export function prefixListPeer(raw: unknown): Peer | null {
  const value = text(raw);
  return value === null ? null : { kind: 'prefix-list', value };
}

/**
 * A security-group peer. Default-VPC and legacy calls may name the group instead of giving its id;
 * the name is kept as the value (ids always start with `sg-`), for the caller to resolve.
 */
export function groupPeer(groupId: unknown, groupName?: unknown): GroupPeer | null {
  const value = text(groupId) ?? text(groupName);
  return value === null ? null : { kind: 'group', value };
}

// CloudTrail's spelling of where a referenced group lives, in request `groups` items and response
// `referencedGroupInfo` alike: the API's UserIdGroupPair fields in camelCase.
const GROUP_DETAILS = GROUP_PEER_DETAIL_FIELDS.map(
  ([detail, field]) => [`${field.charAt(0).toLowerCase()}${field.slice(1)}`, detail] as const,
);

/**
 * A security-group peer with what the event says about the group: its account, name, VPC and
 * peering connection. `ownAccount` (the rule's group's owner, when the event says it) is left out:
 * like the model, `account` marks a group of another account.
 */
export function referencedGroupPeer(reference: unknown, ownAccount: string | null = null): GroupPeer | null {
  const peer = groupPeer(field(reference, 'groupId'), field(reference, 'groupName'));
  if (peer === null) return null;
  for (const [key, detail] of GROUP_DETAILS) {
    const value = text(field(reference, key));
    if (value === null || (detail === 'account' && value === ownAccount)) continue;
    // A group named without an id already has its name as the value.
    if (detail === 'groupName' && value === peer.value) continue;
    peer[detail] = value;
  }
  return peer;
}
