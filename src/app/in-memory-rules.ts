import { ruleKey } from '../model/rule-key';
import type { Estate, Rule } from '../model/types';
import type { SecurityGroupRuleReader, SecurityGroupWriter } from './ports';

/**
 * Rules read and written in memory, over the same estate an in-memory reader serves: replay and
 * `sgdrift revert` on a snapshot simulate a revert without AWS. Rules without an `sgr-` id (a
 * describe-security-groups snapshot has none) get a local one, so revoke-by-id works the same.
 */
export function createInMemoryRuleStore(estate: Estate): SecurityGroupRuleReader & SecurityGroupWriter {
  let next = 1;
  for (const group of estate.groups) {
    group.rules = group.rules.map((rule) =>
      rule.ruleId ? rule : { ...rule, ruleId: `sgr-local${String(next++).padStart(8, '0')}` },
    );
  }
  const groupOf = (groupId: string) => estate.groups.find((group) => group.groupId === groupId);
  return {
    async describeGroupRules(groupIds) {
      const rules = new Map<string, Rule[]>();
      for (const id of groupIds) {
        const group = groupOf(id);
        if (group && group.rules.length > 0)
          rules.set(
            id,
            group.rules.map((rule) => ({ ...rule })),
          );
      }
      return rules;
    },
    async revokeRule(groupId, rule) {
      const group = groupOf(groupId);
      if (!group)
        return { status: 'failed', code: 'InvalidGroup.NotFound', message: `${groupId} not in the snapshot` };
      const kept = group.rules.filter((candidate) => candidate.ruleId !== rule.ruleId);
      if (kept.length === group.rules.length)
        return { status: 'already-done', code: 'InvalidSecurityGroupRuleId.NotFound' };
      group.rules = kept;
      return { status: 'done' };
    },
    async authorizeRule(groupId, rule) {
      const group = groupOf(groupId);
      if (!group)
        return { status: 'failed', code: 'InvalidGroup.NotFound', message: `${groupId} not in the snapshot` };
      if (group.rules.some((candidate) => ruleKey(candidate) === ruleKey(rule)))
        return { status: 'already-done', code: 'InvalidPermission.Duplicate' };
      group.rules = [...group.rules, { ...rule, ruleId: `sgr-local${String(next++).padStart(8, '0')}` }];
      return { status: 'done' };
    },
  };
}
