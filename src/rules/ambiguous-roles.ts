import type { RoleBaseline } from '../baseline/types';
import { formatRule, groupNamer, ruleKey } from '../model/rule-key';
import type { Rule, SecurityGroup } from '../model/types';
import { finding, groupLabel, selectorLabel } from './finding';
import { scopeOf } from './scope';
import { unexpectedRuleSeverity, withRoleRisk } from './severity';
import type { Check, Finding } from './types';

/**
 * A role whose group cannot be trusted: more than one group in scope answers to its selector (or a
 * group answers to two roles), or the role now resolves to another group than the one last seen.
 * Flags: a second group tagged `Name=thebot-staging-bastion-sg`, or `thebot-bastion-sg` created in
 * another VPC when no VPC is pinned. Nothing is picked by id order: no revert or restore touches
 * the role, as the group changed or as the peer of a rule, and the other checks do not judge the
 * rules that involve it. So that nothing hides behind the doubt, this check names each of those
 * rules itself: a candidate's rules its role does not declare (drift on the real group, or the
 * lookalike's own rules) and every rule whose peer is a candidate (access granted to a lookalike).
 */
export const check: Check = {
  id: 'ambiguous-roles',
  title: 'Baseline role ambiguous or changed group',
  severity: 'CRITICAL',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    "Find out who created the other group (CloudTrail) and delete or rename it, or pin the environment's vpcIds in the baseline; until then auto-revert does not touch the role.",
  evaluate(context) {
    const { baseline, resolution } = context;
    const findings: Finding[] = [];
    for (const role of baseline.roles) {
      const candidates = resolution.ambiguous.get(role.role);
      if (candidates) {
        findings.push(
          finding(check, {
            role,
            message: `Role ${role.role} (${selectorLabel(role)}) is ambiguous: ${candidates.length} groups answer to it: ${candidates.map(groupLabel).join(', ')}; none is trusted, rules that involve it are listed apart and auto-revert does not touch them`,
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
    return [...findings, ...unjudgedRules(context)];
  },
};

const UNJUDGED = 'not judged nor reverted until the role is resolved';

/** "database", or "database or redis". */
function roleNames(roles: readonly RoleBaseline[]): string {
  return roles.map((role) => role.role).join(' or ');
}

/** The rules the other checks leave alone because a role they involve is ambiguous. */
function unjudgedRules(context: Parameters<Check['evaluate']>[0]): Finding[] {
  const { resolution } = context;
  if (resolution.ambiguous.size === 0) return [];
  const scope = scopeOf(context);
  const nameOf = groupNamer(scope.groups);
  const findings: Finding[] = [];
  const listed = new Set<string>();
  const list = (
    group: SecurityGroup,
    rule: Rule,
    parts: { role?: RoleBaseline; severity: Finding['severity']; why: string },
  ) => {
    const key = `${group.groupId}|${ruleKey(rule)}`;
    if (listed.has(key)) return;
    listed.add(key);
    findings.push(
      finding(check, {
        severity: parts.severity,
        group,
        role: parts.role,
        rule,
        message: `${group.groupName} (${group.groupId}): ${formatRule(rule, nameOf)} ${parts.why}; ${UNJUDGED}`,
      }),
    );
  };
  for (const group of scope.groups) {
    // A group that may be several roles: a rule is unjudged unless one of them declares it.
    const asCandidate = scope.ambiguousRolesOf(group.groupId);
    const [firstRole] = asCandidate;
    const ownRole = scope.roleOfGroup(group);
    for (const rule of group.rules) {
      const key = ruleKey(rule);
      if (firstRole && !asCandidate.some((role) => scope.expected(role).has(key))) {
        list(group, rule, {
          role: firstRole,
          severity: unexpectedRuleSeverity(firstRole, rule),
          why: `is not in the baseline of role ${roleNames(asCandidate)}, which this group may be`,
        });
      }
      const peerRoles = rule.peer.kind === 'group' ? scope.ambiguousRolesOf(rule.peer.value) : [];
      if (peerRoles.length > 0) {
        list(group, rule, {
          role: ownRole ?? firstRole,
          severity: withRoleRisk('HIGH', ownRole ?? firstRole),
          why: `refers to a group that may be role ${roleNames(peerRoles)}`,
        });
      }
    }
  }
  return findings;
}
