/** What no baseline declaration approves: the whole internet on a restricted port, or on all traffic. */
import { coversPublicInternet, isWorldCidr } from './cidr';
import { coversPort, trafficCovers } from './ports';
import type { Rule } from './types';

/** The restricted ports (tcp or udp) the rule's traffic covers. */
export function restrictedPortsOf(rule: Rule, restrictedPorts: readonly number[]): number[] {
  return restrictedPorts.filter((port) => coversPort(rule, 'tcp', port) || coversPort(rule, 'udp', port));
}

/**
 * Whether the rule opens a restricted port, or all traffic, to the whole internet: on its own
 * (0.0.0.0/0), or as a needed part of the group's ingress ranges that together are the internet for
 * the same traffic (0.0.0.0/1 and 128.0.0.0/1). A range the others already cover (the office /32
 * beside an added 0.0.0.0/0) is not needed, so its declaration still stands. Such a rule is reported
 * whatever the baseline declares (only an exception suppresses it), so `permissive-rules` and
 * `baseline init`'s review notes must agree on it: both ask here.
 */
export function opensRestrictedToWorld(
  rule: Rule,
  restrictedPorts: readonly number[],
  groupRules: readonly Rule[],
): boolean {
  if (!isCidrIngress(rule)) return false;
  if (rule.protocol !== 'all' && restrictedPortsOf(rule, restrictedPorts).length === 0) return false;
  if (isWorldCidr(rule.peer.value)) return true;
  const others = groupRules
    .filter((other) => other !== rule && isCidrIngress(other) && trafficCovers(other, rule))
    .map((other) => other.peer.value);
  return !coversPublicInternet(others) && coversPublicInternet([...others, rule.peer.value]);
}

function isCidrIngress(rule: Rule): boolean {
  return rule.direction === 'ingress' && (rule.peer.kind === 'cidr4' || rule.peer.kind === 'cidr6');
}
