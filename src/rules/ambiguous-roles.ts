import { finding, groupLabel, selectorLabel } from './finding';
import type { Check, Finding } from './types';

/**
 * A role whose group cannot be trusted: more than one group in scope answers to its selector (or a
 * group answers to two roles), or the role now resolves to another group than the one last seen.
 * Flags: a second group tagged `Name=thebot-staging-bastion-sg`, or `thebot-bastion-sg` created in
 * another VPC when no VPC is pinned. Nothing is picked by id order: no revert or restore touches
 * the role, as the group changed or as the peer of a rule, and rules that refer to it cannot be
 * judged until a person resolves it (pin `vpcIds`, rename or delete the lookalike).
 */
export const check: Check = {
  id: 'ambiguous-roles',
  title: 'Baseline role ambiguous or changed group',
  severity: 'CRITICAL',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    "Find out who created the other group (CloudTrail) and delete or rename it, or pin the environment's vpcIds in the baseline; until then auto-revert does not touch the role.",
  evaluate({ baseline, resolution }) {
    const findings: Finding[] = [];
    for (const role of baseline.roles) {
      const candidates = resolution.ambiguous.get(role.role);
      if (candidates) {
        findings.push(
          finding(check, {
            role,
            message: `Role ${role.role} (${selectorLabel(role)}) is ambiguous: ${candidates.length} groups answer to it: ${candidates.map(groupLabel).join(', ')}; none is trusted, rules that refer to the role are not judged and auto-revert does not touch them`,
          }),
        );
      }
      const previous = resolution.switched.get(role.role);
      const now = resolution.groupOfRole.get(role.role);
      if (previous !== undefined && now) {
        findings.push(
          finding(check, {
            group: now,
            role,
            message: `Role ${role.role} (${selectorLabel(role)}) now resolves to ${groupLabel(now)}, not ${previous} as before; auto-revert does not touch either until the next read confirms it`,
          }),
        );
      }
    }
    return findings;
  },
};
