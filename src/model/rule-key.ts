/** Canonical keys (drift is a set difference of these) and one-line rule descriptions. */
import { formatTraffic } from './ports';
import type { Peer, Rule } from './types';

/**
 * The identity of a rule: direction, protocol, ports and peer; not its description or sgr id.
 * Expects canonical rules (CIDRs through `canonicalCidr`, ports through `canonicalPorts`).
 */
export function ruleKey(rule: Rule): string {
  // Plain concatenation: this runs for every rule of every audit. `|` never occurs in a peer.
  return `${rule.direction}|${rule.protocol}|${rule.fromPort}|${rule.toPort}|${rule.peer.kind}|${rule.peer.value}`;
}

/** The peer as people write it: the CIDR, the `pl-` id or the `sg-` id. */
export function peerToString(peer: Peer): string {
  return peer.value;
}

/** `ingress 5432/tcp from 0.0.0.0/0`, `egress all traffic to sg-0abc (backend-sg)`. */
export function formatRule(rule: Rule, nameOfGroup?: (groupId: string) => string | undefined): string {
  const preposition = rule.direction === 'ingress' ? 'from' : 'to';
  const name = rule.peer.kind === 'group' ? nameOfGroup?.(rule.peer.value) : undefined;
  const peer = name ? `${rule.peer.value} (${name})` : rule.peer.value;
  return `${rule.direction} ${formatTraffic(rule)} ${preposition} ${peer}`;
}

/** Group id → name, for messages that mention peer groups (`formatRule`'s `nameOfGroup`). */
export function groupNamer(groups: readonly { groupId: string; groupName: string }[]) {
  const names = new Map(groups.map((group) => [group.groupId, group.groupName]));
  return (groupId: string) => names.get(groupId);
}
