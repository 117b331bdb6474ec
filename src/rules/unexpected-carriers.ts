import { resourceList } from '../model/exposure';
import { finding } from './finding';
import { scopeOf } from './scope';
import { withRoleRisk } from './severity';
import type { Check, Finding } from './types';

/**
 * A role's group carried by a kind of resource the baseline does not allow (`carriedBy`).
 * Flags: the database group (`carriedBy: [rds]`) on an instance, an instance launched into the
 * redis group — the rules are as the baseline says, but the group now guards something else (the
 * seed's troubleshooting: "Verify RDS is in correct DB tier SG"). Detached interfaces carry nothing.
 * Speaks only when interfaces were read and the role declares `carriedBy`.
 */
export const check: Check = {
  id: 'unexpected-carriers',
  title: "Role's group on a kind of resource the baseline does not allow",
  severity: 'HIGH',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    "Detach the group from the resource (modify-network-interface-attribute --groups, or the resource's own security-group setting); if the resource really belongs in this role, add its kind to the role's `carriedBy` through the change process.",
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      const role = scope.exposureRoleOf(group);
      if (!role?.carriedBy) continue;
      const allowed = new Set<string>(role.carriedBy);
      const exposure = scope.exposureOf(group.groupId);
      const strangers = (exposure?.attached ?? []).filter((resource) => !allowed.has(resource.kind));
      if (strangers.length === 0) continue;
      findings.push(
        finding(check, {
          group,
          role,
          severity: withRoleRisk(check.severity, role),
          message: `${group.groupName} (${scope.exposureRoleLabel(group, role)}) is carried by ${resourceList(strangers)} (${[...new Set(strangers.map((resource) => resource.kind))].join(', ')}); its baseline carriedBy allows only ${role.carriedBy.join(', ') || 'nothing'}`,
        }),
      );
    }
    return findings;
  },
};
