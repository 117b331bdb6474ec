import { isDefaultGroup } from '../model/well-known';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * A group in the baseline's VPCs that maps to no role. Flags: `temp-debug-sg` created by hand next
 * to the six groups. Groups of other VPCs are out of scope; the `default` group has its own check,
 * and so do the candidates of an ambiguous role (ambiguous-roles).
 */
export const check: Check = {
  id: 'unknown-groups',
  title: 'Security group not in the baseline',
  severity: 'MEDIUM',
  compliance: ['SOC2'],
  remediation: 'Delete the group if it is unused, or declare it as a role in the baseline with its rules.',
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      if (isDefaultGroup(group) || scope.roleOfGroup(group) || scope.isAmbiguousCandidate(group)) continue;
      findings.push(
        finding(check, {
          group,
          message: `${group.groupName} (${group.groupId}) in ${group.vpcId ?? 'an unknown VPC'} maps to no baseline role`,
        }),
      );
    }
    return findings;
  },
};
