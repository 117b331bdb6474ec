/** Maps the baseline's roles to observed groups, and baseline rules to the canonical rules to expect. */
import type { Estate, Peer, Rule, SecurityGroup } from '../model/types';
import type {
  BaselineRule,
  EnvironmentBaseline,
  ExpectedPeer,
  GroupSelector,
  RoleBaseline,
  RoleResolution,
} from './types';

/**
 * Finds each role's group by its selector (group name, or `Name` tag). When several groups match
 * one role, the pick is deterministic: a group in `baseline.vpcIds` first, then the lowest group id;
 * the groups not picked map to no role, so `unknown-groups` reports them rather than hiding them.
 * A group already taken by an earlier role is not given to a second one.
 */
export function resolveRoles(baseline: EnvironmentBaseline, estate: Estate): RoleResolution {
  const pinnedVpcs = new Set(baseline.vpcIds);
  const groupOfRole = new Map<string, SecurityGroup>();
  const roleOfGroup = new Map<string, string>();
  for (const role of baseline.roles) {
    const candidates = estate.groups.filter(
      (group) => !roleOfGroup.has(group.groupId) && matches(role.selector, group),
    );
    const picked = candidates.sort((a, b) => compareCandidates(a, b, pinnedVpcs))[0];
    if (!picked) continue;
    groupOfRole.set(role.role, picked);
    roleOfGroup.set(picked.groupId, role.role);
  }
  const vpcIds =
    baseline.vpcIds.length > 0
      ? new Set(baseline.vpcIds)
      : new Set([...groupOfRole.values()].flatMap((group) => (group.vpcId ? [group.vpcId] : [])));
  return { groupOfRole, roleOfGroup, vpcIds };
}

/** The concrete peer for an expected one: a role becomes its group; undefined if that role has none. */
export function resolvePeer(peer: ExpectedPeer, resolution: RoleResolution): Peer | undefined {
  if (peer.kind !== 'role') return peer;
  const group = resolution.groupOfRole.get(peer.value);
  return group ? { kind: 'group', value: group.groupId } : undefined;
}

/** Each baseline rule of a role as the canonical rule it should appear as (undefined: peer role unresolved). */
export function expectedRulesOf(
  role: RoleBaseline,
  resolution: RoleResolution,
): Array<{ baselineRule: BaselineRule; rule: Rule | undefined }> {
  return role.rules.map((baselineRule) => {
    const peer = resolvePeer(baselineRule.peer, resolution);
    const rule: Rule | undefined = peer && {
      direction: baselineRule.direction,
      protocol: baselineRule.protocol,
      fromPort: baselineRule.fromPort,
      toPort: baselineRule.toPort,
      peer,
      description: baselineRule.description,
    };
    return { baselineRule, rule };
  });
}

function matches(selector: GroupSelector, group: SecurityGroup): boolean {
  if (selector.groupName !== undefined) return group.groupName === selector.groupName;
  if (selector.nameTag !== undefined) return group.tags.Name === selector.nameTag;
  return false;
}

function compareCandidates(a: SecurityGroup, b: SecurityGroup, pinnedVpcs: ReadonlySet<string>): number {
  const pinned = (group: SecurityGroup) => (group.vpcId !== undefined && pinnedVpcs.has(group.vpcId) ? 0 : 1);
  const byVpc = pinned(a) - pinned(b);
  if (byVpc !== 0) return byVpc;
  return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
}
