/** Canonical peers from the several spellings CloudTrail uses for a rule's source or destination. */
import { canonicalCidr } from '../model/cidr';
import type { Peer } from '../model/types';
import { text } from './read';

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
export function groupPeer(groupId: unknown, groupName?: unknown): Peer | null {
  const value = text(groupId) ?? text(groupName);
  return value === null ? null : { kind: 'group', value };
}
