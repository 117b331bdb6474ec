import { formatRule, ruleKey } from '../model/rule-key';
import { finding } from './finding';
import { scopeOf } from './scope';
import { unexpectedRuleSeverity } from './severity';
import type { Check, Finding } from './types';

/**
 * Outbound on a group the baseline declares "no outbound" (database, redis), other than the
 * 127.0.0.1/32 sentinel. Flags: `all traffic to 0.0.0.0/0` on database (CRITICAL),
 * `443/tcp to 10.0.0.0/16` on redis (MEDIUM).
 */
export const check: Check = {
  id: 'blocked-egress',
  title: 'Outbound on a no-outbound group',
  severity: 'HIGH',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    'Revoke the outbound rule: this data store must not initiate connections (only the 127.0.0.1/32 sentinel may remain).',
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      const role = scope.roleOfGroup(group);
      if (!role?.noOutbound) continue;
      const expected = scope.expected(role);
      for (const rule of group.rules) {
        if (rule.direction !== 'egress' || expected.has(ruleKey(rule))) continue;
        findings.push(
          finding(check, {
            severity: unexpectedRuleSeverity(role, rule),
            group,
            role,
            rule,
            message: `${group.groupName} must have no outbound, but allows ${formatRule(rule)}`,
          }),
        );
      }
    }
    return findings;
  },
};
