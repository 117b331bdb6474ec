import { finding, groupLabel, selectorLabel } from './finding';
import { withRoleRisk } from './severity';
import type { Check, Finding } from './types';

/**
 * A baseline role with no observed group. Flags: thebot-redis-sg deleted or renamed; or, with
 * `vpcIds` pinned, a role whose group exists only in another VPC (named, so it is never silence).
 * An ambiguous role has groups, too many of them: ambiguous-roles reports it.
 */
export const check: Check = {
  id: 'missing-groups',
  title: 'Baseline group missing',
  severity: 'MEDIUM',
  compliance: ['SOC2'],
  remediation:
    "Find out who deleted or renamed the group (CloudTrail), recreate it from Terraform, or fix the role's selector (or the environment's vpcIds) in the baseline.",
  evaluate({ baseline, resolution }) {
    const findings: Finding[] = [];
    for (const role of baseline.roles) {
      if (resolution.groupOfRole.has(role.role) || resolution.ambiguous.has(role.role)) continue;
      const wanted = selectorLabel(role);
      const outside = resolution.outsideScope.get(role.role);
      const message = outside
        ? `No security group for role ${role.role} (${wanted}) in the pinned VPCs ${[...resolution.vpcIds].join(', ')}; found only outside them: ${outside.map(groupLabel).join(', ')}`
        : `No security group found for role ${role.role} (${wanted})`;
      findings.push(finding(check, { severity: withRoleRisk(check.severity, role), role, message }));
    }
    return findings;
  },
};
