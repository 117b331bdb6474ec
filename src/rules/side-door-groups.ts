import type { RoleBaseline } from '../baseline/types';
import { namedList } from '../model/exposure';
import { formatRule } from '../model/rule-key';
import type { SecurityGroup } from '../model/types';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * An interface that carries a role's group together with a group the baseline does not know, or
 * with another role's group: the other group's rules apply to the same interface, a side door
 * around the role's baseline (and grants that name the other role, e.g. `database_from_bastion`,
 * reach this resource).
 * Flags: `temp-debug-sg` (22 from 0.0.0.0/0) added to the database instance's interface.
 * Speaks only when interfaces were read.
 */
export const check: Check = {
  id: 'side-door-groups',
  title: "Unknown group on a role's interface",
  severity: 'HIGH',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    "Detach the other group from the interface (modify-network-interface-attribute --groups), or declare it as a role in the baseline; its rules apply to the role's resources.",
  evaluate(context) {
    const { interfaces } = context.estate;
    if (!interfaces) return [];
    const scope = scopeOf(context);
    const byId = new Map(context.estate.groups.map((group) => [group.groupId, group]));
    // role group → its role and each extra group it shares interfaces with → those interfaces' resources
    const shared = new Map<SecurityGroup, { role: RoleBaseline; byExtra: Map<SecurityGroup, string[]> }>();
    for (const networkInterface of interfaces) {
      const carried = networkInterface.groupIds.flatMap((id) => byId.get(id) ?? []);
      for (const roleGroup of carried) {
        const role = scope.exposureRoleOf(roleGroup);
        if (!role) continue;
        // A group the baseline does not know, or another role's group (each such pair once): either
        // way its grants reach this role's resources (the bastion's group on a backend instance).
        const extras = carried.filter((other) =>
          scope.exposureRoleOf(other) ? other.groupId > roleGroup.groupId : true,
        );
        for (const extra of extras) {
          const entry = shared.get(roleGroup) ?? { role, byExtra: new Map<SecurityGroup, string[]>() };
          shared.set(roleGroup, entry);
          const resources = entry.byExtra.get(extra) ?? [];
          entry.byExtra.set(extra, resources);
          resources.push(networkInterface.resource ?? networkInterface.interfaceId);
        }
      }
    }
    const findings: Finding[] = [];
    for (const [group, { role, byExtra }] of shared) {
      for (const [extra, resources] of byExtra) {
        const extraRole = scope.exposureRoleOf(extra);
        const whose = extraRole
          ? `the group of role ${extraRole.role}, whose grants then reach ${role.role} resources too`
          : 'which the baseline does not know';
        findings.push(
          finding(check, {
            group,
            role,
            message: `${group.groupName} (${scope.exposureRoleLabel(group, role)}) shares ${namedList(resources)} with ${extra.groupName} (${extra.groupId}), ${whose}; it opens ${opens(extra)}`,
          }),
        );
      }
    }
    return findings;
  },
};

function opens(group: SecurityGroup): string {
  const inbound = group.rules.filter((rule) => rule.direction === 'ingress');
  if (inbound.length === 0) return 'no inbound traffic';
  const shown = inbound.slice(0, 3).map((rule) => formatRule(rule));
  return inbound.length > 3
    ? `${shown.join('; ')} and ${inbound.length - 3} more inbound rules`
    : shown.join('; ');
}
