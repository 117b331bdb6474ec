import { formatRule, groupNamer, ruleKey } from '../model/rule-key';
import { finding } from './finding';
import { scopeOf } from './scope';
import { unexpectedRuleSeverity } from './severity';
import type { Check, Finding } from './types';

/**
 * A rule on a role's group that its baseline does not declare, inbound or outbound.
 * Flags: `6379/tcp from 10.0.0.0/16` added to redis; `all traffic to 0.0.0.0/0` added to database
 * is left to blocked-egress, which owns the outbound of "no outbound" groups.
 */
export const check: Check = {
  id: 'unexpected-rules',
  title: 'Rule not in the baseline',
  severity: 'HIGH',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    'Revoke the rule, or add it to the baseline through the change process (change request, approval, Terraform).',
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    const nameOf = groupNamer(scope.groups);
    for (const group of scope.groups) {
      const role = scope.roleOfGroup(group);
      if (!role) continue;
      const expected = scope.expected(role);
      for (const rule of group.rules) {
        if (role.noOutbound && rule.direction === 'egress') continue;
        if (expected.has(ruleKey(rule))) continue;
        findings.push(
          finding(check, {
            severity: unexpectedRuleSeverity(role, rule),
            group,
            role,
            rule,
            message: `${group.groupName} (${role.role}) has a rule the baseline does not declare: ${formatRule(rule, nameOf)}`,
          }),
        );
      }
    }
    return findings;
  },
};
