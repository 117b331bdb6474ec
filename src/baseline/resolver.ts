/** Maps the baseline's roles to observed groups, and baseline rules to the canonical rules to expect. */
import type { Estate, Peer, Rule, SecurityGroup } from '../model/types';
import { EC2_CLASSIC } from './syntax';
import type {
  BaselineRule,
  EnvironmentBaseline,
  ExpectedPeer,
  GroupSelector,
  RoleBaseline,
  RoleResolution,
} from './types';

export interface ResolveOptions {
  /**
   * The group id each role had when last resolved (the change path's directory). A role that now
   * resolves to another group is reported in `switched`, never switched silently.
   */
  previous?: ReadonlyMap<string, string>;
}

/**
 * A role is one group, or nobody's. Its candidates are the groups its selector matches inside the
 * environment's scope: the pinned `vpcIds`, or, with no pin, anywhere (the scope is then the VPCs
 * the candidates live in). Exactly one candidate, claimed by no other role, resolves the role; more
 * make it ambiguous (the `ambiguous-roles` check), and nothing is picked by id order: anyone who
 * may create a group can create a lookalike, so a name or tag alone never decides between two.
 */
export function resolveRoles(
  baseline: EnvironmentBaseline,
  estate: Estate,
  options: ResolveOptions = {},
): RoleResolution {
  const pins = new Set(baseline.vpcIds);
  const pinned = pins.size > 0;
  const inPins = (group: SecurityGroup) => group.vpcId !== undefined && pins.has(group.vpcId);

  const candidatesOf = new Map<string, SecurityGroup[]>();
  const outsideScope = new Map<string, SecurityGroup[]>();
  const claims = new Map<string, number>();
  for (const role of baseline.roles) {
    const matching = estate.groups.filter((group) => matches(role.selector, group));
    const candidates = pinned ? matching.filter(inPins) : matching;
    candidatesOf.set(role.role, candidates);
    if (candidates.length === 0 && matching.length > 0) outsideScope.set(role.role, matching);
    for (const group of candidates) claims.set(group.groupId, (claims.get(group.groupId) ?? 0) + 1);
  }

  const groupOfRole = new Map<string, SecurityGroup>();
  const roleOfGroup = new Map<string, string>();
  const ambiguous = new Map<string, SecurityGroup[]>();
  const switched = new Map<string, string>();
  for (const [role, candidates] of candidatesOf) {
    const [only] = candidates;
    if (candidates.length > 1 || (only && (claims.get(only.groupId) ?? 0) > 1)) {
      ambiguous.set(role, [...candidates].sort(byGroupId));
      continue;
    }
    if (!only) continue;
    groupOfRole.set(role, only);
    roleOfGroup.set(only.groupId, role);
    const before = options.previous?.get(role);
    if (before !== undefined && before !== only.groupId) switched.set(role, before);
  }

  const candidateVpcs = [...candidatesOf.values()].flat().flatMap((group) => group.vpcId ?? []);
  const vpcIds = pinned ? pins : new Set(candidateVpcs);
  const emptyPins = [...pins].filter((vpcId) => !estate.groups.some((group) => group.vpcId === vpcId));
  return { groupOfRole, roleOfGroup, vpcIds, ambiguous, outsideScope, emptyPins, switched };
}

/** Roles whose identity is in doubt in this resolution: ambiguous, or a group other than last seen. */
export function untrustedRoles(resolution: RoleResolution): Set<string> {
  return new Set([...resolution.ambiguous.keys(), ...resolution.switched.keys()]);
}

/**
 * Group ids no action may touch or grant access to: every candidate of an ambiguous role, and both
 * the old and the new group of a role that switched groups.
 */
export function untrustedGroupIds(resolution: RoleResolution): Set<string> {
  const ids = new Set<string>();
  for (const candidates of resolution.ambiguous.values())
    for (const group of candidates) ids.add(group.groupId);
  for (const [role, previous] of resolution.switched) {
    ids.add(previous);
    const now = resolution.groupOfRole.get(role);
    if (now) ids.add(now.groupId);
  }
  return ids;
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
    return { baselineRule, rule: peer && ruleWithPeer(baselineRule, peer) };
  });
}

/** The canonical rule a baseline rule becomes with this concrete peer. */
export function ruleWithPeer(baselineRule: BaselineRule, peer: Peer): Rule {
  return {
    direction: baselineRule.direction,
    protocol: baselineRule.protocol,
    fromPort: baselineRule.fromPort,
    toPort: baselineRule.toPort,
    peer,
    description: baselineRule.description,
  };
}

function matches(selector: GroupSelector, group: SecurityGroup): boolean {
  if (selector.vpcId !== undefined && selector.vpcId !== (group.vpcId ?? EC2_CLASSIC)) return false;
  if (selector.groupName !== undefined) return group.groupName === selector.groupName;
  if (selector.nameTag !== undefined) return group.tags.Name === selector.nameTag;
  return false;
}

function byGroupId(a: SecurityGroup, b: SecurityGroup): number {
  return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
}
