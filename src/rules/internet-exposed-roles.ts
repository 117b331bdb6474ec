import { basisLabel, resourceList } from '../model/exposure';
import { mayFaceInternet } from './exposure-policy';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * A role that must never face the internet whose group sits on an interface the internet reaches.
 * Flags: the database group put on an instance with a public IP, an RDS instance made publicly
 * accessible, an instance with a public IP launched into the redis group — the rules are exactly
 * as the baseline says, but the group moved (the seed: "No public database access").
 * Speaks only when interfaces were read.
 */
export const check: Check = {
  id: 'internet-exposed-roles',
  title: 'Role that must not face the internet is on an internet-reachable interface',
  severity: 'CRITICAL',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    "Detach the group from the resource, or remove the resource's public address (or move it to a private subnet); if the role really must face the internet, declare `internetFacing: true` for it in the baseline through the change process.",
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      const role = scope.exposureRoleOf(group);
      if (!role || mayFaceInternet(role)) continue;
      const exposure = scope.exposureOf(group.groupId);
      if (!exposure || exposure.reachable.length === 0) continue;
      findings.push(
        finding(check, {
          group,
          role,
          message: `${group.groupName} (${scope.exposureRoleLabel(group, role)}) must not face the internet but exposes ${resourceList(exposure.reachable)} (reachable through ${basisLabel(exposure.basis)})`,
        }),
      );
    }
    return findings;
  },
};
