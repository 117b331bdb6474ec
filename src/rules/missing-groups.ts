import { finding } from './finding';
import { withRoleRisk } from './severity';
import type { Check, Finding } from './types';

/** A baseline role with no observed group. Flags: thebot-redis-sg deleted or renamed. */
export const check: Check = {
  id: 'missing-groups',
  title: 'Baseline group missing',
  severity: 'MEDIUM',
  compliance: ['SOC2'],
  remediation:
    "Find out who deleted or renamed the group (CloudTrail), recreate it from Terraform, or fix the role's selector in the baseline.",
  evaluate({ baseline, resolution }) {
    const findings: Finding[] = [];
    for (const role of baseline.roles) {
      if (resolution.groupOfRole.has(role.role)) continue;
      const wanted = role.selector.groupName ?? `Name tag ${role.selector.nameTag}`;
      findings.push(
        finding(check, {
          severity: withRoleRisk(check.severity, role),
          role,
          message: `No security group found for role ${role.role} (${wanted})`,
        }),
      );
    }
    return findings;
  },
};
