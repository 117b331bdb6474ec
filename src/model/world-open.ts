/** What no baseline declaration approves: the whole internet on a restricted port, or on all traffic. */
import { isWorldCidr } from './cidr';
import { coversPort } from './ports';
import type { Rule } from './types';

/** The restricted ports (tcp or udp) the rule's traffic covers. */
export function restrictedPortsOf(rule: Rule, restrictedPorts: readonly number[]): number[] {
  return restrictedPorts.filter((port) => coversPort(rule, 'tcp', port) || coversPort(rule, 'udp', port));
}

/**
 * Whether the rule itself opens a restricted port, or all traffic, to the whole internet. Such a
 * rule is reported whatever the baseline declares (only an exception suppresses it), so
 * `permissive-rules` and `baseline init`'s review notes must agree on it: both ask here.
 */
export function opensRestrictedToWorld(rule: Rule, restrictedPorts: readonly number[]): boolean {
  const { peer } = rule;
  if (rule.direction !== 'ingress' || (peer.kind !== 'cidr4' && peer.kind !== 'cidr6')) return false;
  if (!isWorldCidr(peer.value)) return false;
  return rule.protocol === 'all' || restrictedPortsOf(rule, restrictedPorts).length > 0;
}
