/** Rules from response rule sets (`securityGroupRuleSet`, `revokedSecurityGroupRuleSet`) and rule-id lists. */
import type { Direction, Rule } from '../model/types';
import { cidrPeer, prefixListPeer, referencedGroupPeer } from './peer';
import { field, flag, items, text } from './read';
import { buildRule } from './rule';

export interface RuleSetEntry {
  groupId: string | null;
  rule: Rule;
}

/**
 * Each item is one rule with its `sgr-` id and `isEgress`; the item's own direction wins over the
 * event name's because it is what AWS actually applied.
 */
export function ruleSetEntries(
  ruleSet: unknown,
  fallbackDirection: Direction,
  owner: string | null,
): RuleSetEntry[] {
  return items(ruleSet).flatMap((item) => {
    const egress = flag(field(item, 'isEgress'));
    const direction = egress === undefined ? fallbackDirection : egress ? 'egress' : 'ingress';
    const referenced = field(item, 'referencedGroupInfo');
    const peer =
      cidrPeer(field(item, 'cidrIpv4')) ??
      cidrPeer(field(item, 'cidrIpv6')) ??
      prefixListPeer(field(item, 'prefixListId')) ??
      // Only the id names the group here: a name in referencedGroupInfo is not a reference by name.
      (text(field(referenced, 'groupId')) === null
        ? null
        : referencedGroupPeer(referenced, text(field(item, 'groupOwnerId')) ?? owner));
    const rule = buildRule(direction, {
      protocol: field(item, 'ipProtocol'),
      fromPort: field(item, 'fromPort'),
      toPort: field(item, 'toPort'),
      peer,
      description: field(item, 'description'),
      ruleId: field(item, 'securityGroupRuleId'),
    });
    return rule ? [{ groupId: text(field(item, 'groupId')), rule }] : [];
  });
}

/**
 * Rule ids from a request list (`securityGroupRuleIds`, `securityGroupRuleDescriptions`), whether
 * CloudTrail renders it as strings or as objects with `securityGroupRuleId`.
 */
export function ruleIds(list: unknown): string[] {
  const ids = items(list).flatMap((entry) => text(entry) ?? text(field(entry, 'securityGroupRuleId')) ?? []);
  return [...new Set(ids)];
}
