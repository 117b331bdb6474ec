/** ModifySecurityGroupRules: `ModifySecurityGroupRulesRequest.SecurityGroupRule` → rule ids and new rules. */
import { cidrPeer, groupPeer, prefixListPeer } from './peer';
import { field, oneOrMany, text } from './read';
import { buildModifiedRule } from './rule';
import type { ModifiedRule } from './types';

export interface RuleReplacement {
  ruleId: string | null;
  rule: ModifiedRule | null;
}

/** One replacement per `SecurityGroupRule` entry (one object or an array); entries naming nothing are dropped. */
export function ruleReplacements(request: unknown): RuleReplacement[] {
  return oneOrMany(field(request, 'SecurityGroupRule')).flatMap((entry) => {
    const ruleId = text(field(entry, 'SecurityGroupRuleId'));
    const spec = field(entry, 'SecurityGroupRule');
    const peer =
      cidrPeer(field(spec, 'CidrIpv4')) ??
      cidrPeer(field(spec, 'CidrIpv6')) ??
      prefixListPeer(field(spec, 'PrefixListId')) ??
      groupPeer(field(spec, 'ReferencedGroupId'));
    const built = buildModifiedRule({
      protocol: field(spec, 'IpProtocol'),
      fromPort: field(spec, 'FromPort'),
      toPort: field(spec, 'ToPort'),
      peer,
      description: field(spec, 'Description'),
      ruleId,
    });
    return ruleId === null && built === null ? [] : [{ ruleId, rule: built }];
  });
}
