/** Canonical keys (drift is a set difference of these) and one-line rule descriptions. */
import { formatTraffic } from './ports';
import type { GroupPeer, Peer, Rule } from './types';

/**
 * The identity of a rule: direction, protocol, ports and peer; not its description or sgr id.
 * A group peer is its `sg-` id alone: the account, name, VPC and peering AWS reports with it
 * describe the group, they do not make another rule (a baseline naming `sg-…` matches the rule
 * AWS lists with `UserId`). Expects canonical rules (CIDRs through `canonicalCidr`, ports through
 * `canonicalPorts`).
 */
export function ruleKey(rule: Rule): string {
  // Plain concatenation: this runs for every rule of every audit. `|` never occurs in a peer.
  return `${rule.direction}|${rule.protocol}|${rule.fromPort}|${rule.toPort}|${rule.peer.kind}|${rule.peer.value}`;
}

/** The peer as people write it: the CIDR, the `pl-` id, or the `sg-` id and where that group lives. */
export function peerToString(peer: Peer, groupName?: string): string {
  return peer.kind === 'group' ? groupPeerText(peer, groupName) : peer.value;
}

/** `ingress 5432/tcp from 0.0.0.0/0`, `egress all traffic to sg-0abc (backend-sg)`. */
export function formatRule(rule: Rule, nameOfGroup?: (groupId: string) => string | undefined): string {
  const preposition = rule.direction === 'ingress' ? 'from' : 'to';
  const peer = peerToString(
    rule.peer,
    rule.peer.kind === 'group' ? nameOfGroup?.(rule.peer.value) : undefined,
  );
  return `${rule.direction} ${formatTraffic(rule)} ${preposition} ${peer}`;
}

/**
 * A peer group with what is known of it: `sg-843f59ed (amazon-elb-sg, account amazon-elb)`,
 * `sg-e9843198 in vpc-2f09a348 via pcx-0a5e2a63, peering active`; a reference whose peering was
 * deleted is called stale. `name` (the estate's) wins over the name the reference carries.
 */
export function groupPeerText(peer: GroupPeer, name?: string): string {
  const about = [name ?? peer.groupName, peer.account === undefined ? undefined : `account ${peer.account}`];
  const known = about.filter((part): part is string => part !== undefined);
  return `${peer.value}${known.length > 0 ? ` (${known.join(', ')})` : ''}${whereGroupLives(peer)}`;
}

/** Whether the peer says more than its id: another account, a VPC, a peering connection. */
export function hasPeerDetails(peer: GroupPeer): boolean {
  return whereGroupLives(peer) !== '' || peer.account !== undefined;
}

// ` in vpc-… via pcx-…, peering active`; a deleted peering leaves the reference stale (AWS keeps
// the rule, but it matches nothing until it is removed).
function whereGroupLives(peer: GroupPeer): string {
  const vpc = peer.vpcId === undefined ? '' : ` in ${peer.vpcId}`;
  const via = peer.peeringId === undefined ? '' : ` via ${peer.peeringId}`;
  const status =
    peer.peeringStatus === undefined
      ? ''
      : peer.peeringStatus === STALE_PEERING
        ? ', stale: peering deleted'
        : `, peering ${peer.peeringStatus}`;
  return `${vpc}${via}${status}`;
}

const STALE_PEERING = 'deleted';

export interface GroupNamerOptions {
  /** When two groups share a name, name each as `name (sg-…)` so a label never points at two groups. */
  idWhenShared?: boolean;
}

/** Group id → name, for messages that mention peer groups (`formatRule`'s `nameOfGroup`). */
export function groupNamer(
  groups: readonly { groupId: string; groupName: string }[],
  options: GroupNamerOptions = {},
): (groupId: string) => string | undefined {
  const names = new Map(groups.map((group) => [group.groupId, group.groupName]));
  if (options.idWhenShared !== true) return (groupId) => names.get(groupId);
  const seen = new Map<string, number>();
  for (const name of names.values()) seen.set(name, (seen.get(name) ?? 0) + 1);
  return (groupId) => {
    const name = names.get(groupId);
    return name !== undefined && (seen.get(name) ?? 0) > 1 ? `${name} (${groupId})` : name;
  };
}
