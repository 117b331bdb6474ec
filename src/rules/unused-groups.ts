import { isDefaultGroup } from '../model/well-known';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * A group attached to no network interface. Only when interface data was read (snapshot
 * `NetworkInterfaces`, or live); otherwise the check is silent rather than flagging everything.
 */
export const check: Check = {
  id: 'unused-groups',
  title: 'Security group not attached to anything',
  severity: 'LOW',
  compliance: ['SOC2'],
  remediation: 'Delete the group if nothing needs it (the seed: "No unused security groups").',
  evaluate(context) {
    const attached = context.estate.attachedGroupIds;
    if (!attached) return [];
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      if (isDefaultGroup(group) || attached.has(group.groupId)) continue;
      findings.push(
        finding(check, {
          group,
          role: scope.roleOfGroup(group),
          message: `${group.groupName} is attached to no network interface`,
        }),
      );
    }
    return findings;
  },
};
