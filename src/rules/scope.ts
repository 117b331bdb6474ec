import { expectedRulesOf, ruleWithPeer } from '../baseline/resolver';
import type { BaselineRule, RoleBaseline } from '../baseline/types';
import { exposureOfEstate, type GroupExposure } from '../model/exposure';
import { ruleKey } from '../model/rule-key';
import type { Rule, SecurityGroup } from '../model/types';
import type { EvaluationContext } from './types';

/** What the checks share about one estate, computed once per evaluation (see `scopeOf`). */
export interface Scope {
  /** Groups the baseline speaks for: role groups and every group of the baseline's VPCs. */
  groups: SecurityGroup[];
  /** Whether the group is a candidate of an ambiguous role (reported by `ambiguous-roles` only). */
  isAmbiguousCandidate(group: SecurityGroup): boolean;
  /** The ambiguous roles this group is a candidate of, in the resolution's order; none for others. */
  ambiguousRolesOf(groupId: string): readonly RoleBaseline[];
  /**
   * What the group is attached to and which of it the internet reaches; undefined when no
   * interface data was read (then no exposure-based check speaks).
   */
  exposureOf(groupId: string): GroupExposure | undefined;
  roleOfGroup(group: SecurityGroup): RoleBaseline | undefined;
  /**
   * The role exposure is judged for: the group's role, or, for a candidate of an ambiguous role,
   * that role. A lookalike must not switch off the exposure checks of the real group it doubles.
   */
  exposureRoleOf(group: SecurityGroup): RoleBaseline | undefined;
  /** "database", or "database, one of its ambiguous candidates": how exposure findings name the role. */
  exposureRoleLabel(group: SecurityGroup, role: RoleBaseline): string;
  /** Expected rules of a role's group, keyed by canonical rule key (peers resolved to group ids). */
  expected(role: RoleBaseline): Map<string, ExpectedRule>;
}

export interface ExpectedRule {
  baselineRule: BaselineRule;
  /** Undefined when the rule's peer is a role that has no group (missing-groups reports that). */
  rule: Rule | undefined;
  /**
   * Set when the rule's peer is an ambiguous role: the entry is the rule with one of its candidate
   * groups. Such a rule is neither expected nor unexpected until the role is resolved; the
   * `ambiguous-roles` finding says so, and no check reports it missing or unexpected.
   */
  ambiguousPeer?: string;
}

const cache = new WeakMap<EvaluationContext, Scope>();

/** The shared view of an evaluation context, memoized so ten checks do not redo the same work. */
export function scopeOf(context: EvaluationContext): Scope {
  let scope = cache.get(context);
  if (!scope) {
    scope = buildScope(context);
    cache.set(context, scope);
  }
  return scope;
}

function buildScope({ baseline, estate, resolution }: EvaluationContext): Scope {
  const roles = new Map(baseline.roles.map((role) => [role.role, role]));
  const roleOfGroup = (group: SecurityGroup) => {
    const role = resolution.roleOfGroup.get(group.groupId);
    return role === undefined ? undefined : roles.get(role);
  };
  const inScope = (group: SecurityGroup) =>
    resolution.roleOfGroup.has(group.groupId) ||
    resolution.vpcIds.size === 0 ||
    (group.vpcId !== undefined && resolution.vpcIds.has(group.vpcId));
  const expectedCache = new Map<string, Map<string, ExpectedRule>>();
  const expected = (role: RoleBaseline) => {
    let byKey = expectedCache.get(role.role);
    if (!byKey) {
      byKey = new Map();
      for (const entry of expectedRulesOf(role, resolution)) {
        byKey.set(entry.rule ? ruleKey(entry.rule) : `unresolved:${entry.baselineRule.id}`, entry);
        const { peer } = entry.baselineRule;
        const candidates = peer.kind === 'role' ? resolution.ambiguous.get(peer.value) : undefined;
        for (const candidate of candidates ?? []) {
          const rule = ruleWithPeer(entry.baselineRule, { kind: 'group', value: candidate.groupId });
          byKey.set(ruleKey(rule), { baselineRule: entry.baselineRule, rule, ambiguousPeer: peer.value });
        }
      }
      expectedCache.set(role.role, byKey);
    }
    return byKey;
  };
  const ambiguousRoles = new Map<string, RoleBaseline[]>();
  for (const [role, candidates] of resolution.ambiguous) {
    const baselineRole = roles.get(role);
    if (!baselineRole) continue;
    for (const candidate of candidates) {
      const listed = ambiguousRoles.get(candidate.groupId);
      if (listed) listed.push(baselineRole);
      else ambiguousRoles.set(candidate.groupId, [baselineRole]);
    }
  }
  const ambiguousRolesOf = (groupId: string) => ambiguousRoles.get(groupId) ?? [];
  const isAmbiguousCandidate = (group: SecurityGroup) => ambiguousRoles.has(group.groupId);
  return {
    groups: estate.groups.filter(inScope),
    roleOfGroup,
    // A candidate of two ambiguous roles is judged for exposure as the first.
    exposureRoleOf: (group) => roleOfGroup(group) ?? ambiguousRolesOf(group.groupId)[0],
    exposureRoleLabel: (group, role) =>
      isAmbiguousCandidate(group) ? `${role.role}, one of its ambiguous candidates` : role.role,
    expected,
    isAmbiguousCandidate,
    ambiguousRolesOf,
    exposureOf: (groupId) => exposureOfEstate(estate, groupId),
  };
}
