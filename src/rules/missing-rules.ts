import { ruleKey } from '../model/rule-key';
import { finding } from './finding';
import { scopeOf } from './scope';
import { withRoleRisk } from './severity';
import type { Check, Finding } from './types';

/**
 * A baseline rule that is not on its group. Flags: `database_from_backend` revoked, or
 * `bastion_ssh` replaced by `22/tcp from 0.0.0.0/0` (the exact CIDR is gone).
 * A rule whose peer role has no group is left to missing-groups, one whose peer role is ambiguous
 * to ambiguous-roles.
 */
export const check: Check = {
  id: 'missing-rules',
  title: 'Baseline rule missing',
  severity: 'MEDIUM',
  compliance: ['SOC2'],
  remediation: 'Restore the rule as the baseline declares it (or run auto-revert with RESTORE_MISSING).',
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      const role = scope.roleOfGroup(group);
      if (!role) continue;
      const present = new Set(group.rules.map(ruleKey));
      for (const [key, { baselineRule, rule, ambiguousPeer }] of scope.expected(role)) {
        // An ambiguous peer role cannot be judged: ambiguous-roles reports it.
        if (!rule || ambiguousPeer !== undefined || present.has(key)) continue;
        findings.push(
          finding(check, {
            severity: withRoleRisk(check.severity, role),
            group,
            role,
            rule,
            baselineRuleId: baselineRule.id,
            message: `${group.groupName} is missing baseline rule ${baselineRule.id} (${baselineRule.purpose})`,
          }),
        );
      }
    }
    return findings;
  },
};
