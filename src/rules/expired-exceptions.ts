import { formatRule } from '../model/rule-key';
import { exceptionCovers } from './exceptions';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * A rule still present after its baseline exception expired (the seed's emergency change
 * procedure: a temporary rule must be reviewed and removed). Flags: `5432/tcp from 198.51.100.7/32`
 * on database, exception "INC-4711" owned by dba@example.com, expired yesterday.
 */
export const check: Check = {
  id: 'expired-exceptions',
  title: 'Exception expired, rule still present',
  severity: 'MEDIUM',
  compliance: ['SOC2'],
  remediation:
    'Remove the temporary rule, or renew the exception in the baseline with a new ticket and expiry.',
  evaluate(context) {
    const { baseline, resolution, now } = context;
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const exception of baseline.exceptions) {
      if (exception.expires > now) continue;
      const group = resolution.groupOfRole.get(exception.role);
      if (!group) continue;
      const role = scope.roleOfGroup(group);
      for (const rule of group.rules) {
        if (!exceptionCovers(exception, rule, resolution)) continue;
        findings.push(
          finding(check, {
            group,
            role,
            rule,
            message: `${group.groupName}: exception ${exception.ticket} (owner ${exception.owner}) expired ${exception.expires.toISOString().slice(0, 10)}, ${formatRule(rule)} is still present`,
          }),
        );
      }
    }
    return findings;
  },
};
