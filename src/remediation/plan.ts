/**
 * Revert planning, pure: which rules to revoke (by `sgr-` id) and which baseline rules to restore,
 * computed from a fresh read of the groups and the findings to undo — never from the event alone.
 */
import { expectedRulesOf, untrustedGroupIds, untrustedRoles } from '../baseline/resolver';
import type { EnvironmentBaseline, RoleBaseline, RoleResolution } from '../baseline/types';
import { BlastRadiusError } from '../errors';
import { ruleKey } from '../model/rule-key';
import type { Rule } from '../model/types';
import type { Finding } from '../rules/types';
import { ATTACHMENT_ONLY_ALERTED } from './guards';
import { type PlanNote, type PlannedChange, RevertAction, type RevertPlan, RevertStatus } from './types';

export interface PlanInput {
  baseline: EnvironmentBaseline;
  resolution: RoleResolution;
  /** The drift to undo: for an event, only the findings it created (its `related` findings). */
  findings: readonly Finding[];
  /** The rules of each group, with their `sgr-` ids, read right before planning. */
  freshRules: ReadonlyMap<string, readonly Rule[]>;
  /** Re-authorize baseline rules that were removed (RESTORE_MISSING). */
  restoreMissing: boolean;
}

/** Checks whose finding is a rule that should not be there: the rule is revoked. */
const REVOKE_CHECKS = new Set([
  'unexpected-rules',
  'blocked-egress',
  'permissive-rules',
  'expired-exceptions',
]);
/** Checks whose finding is a baseline rule that is gone: the rule is restored. */
const RESTORE_CHECKS = new Set(['missing-rules']);

/** Why the other checks are only alerted (the "not reverted, only alerted"). */
const ALERT_ONLY: Record<string, string> = {
  'ambiguous-roles': 'a role whose group is in doubt is never touched',
  'missing-groups': 'group deletion is only alerted',
  'unknown-groups': 'a group outside the baseline is not touched',
  'missing-tags': 'tag changes are only alerted',
  'undocumented-rules': 'description-only changes are only alerted',
  'unused-groups': 'not a rule change',
  'default-group-open': 'the default group maps to no baseline role',
  'internet-exposed-roles': ATTACHMENT_ONLY_ALERTED,
  'side-door-groups': ATTACHMENT_ONLY_ALERTED,
  'unexpected-carriers': ATTACHMENT_ONLY_ALERTED,
};

/** The revert plan for `findings`: revokes first (close exposure first), then restores. */
export function planRevert(input: PlanInput): RevertPlan {
  const roles = new Map(input.baseline.roles.map((role) => [role.role, role]));
  const expectedKeys = memo((role: RoleBaseline) => {
    const keys = new Set<string>();
    for (const { rule } of expectedRulesOf(role, input.resolution)) if (rule) keys.add(ruleKey(rule));
    return keys;
  });
  const freshByKey = memo((groupId: string) => {
    const byKey = new Map<string, Rule>();
    for (const rule of input.freshRules.get(groupId) ?? []) byKey.set(ruleKey(rule), rule);
    return byKey;
  });

  const doubtfulRoles = untrustedRoles(input.resolution);
  const doubtfulGroups = untrustedGroupIds(input.resolution);
  const changes = new Map<string, PlannedChange>();
  const notes = new Map<string, PlanNote>();
  const note = (finding: Finding, status: PlanNote['status'], reason: string, rule = finding.rule) => {
    const key = `${finding.groupId ?? finding.role ?? ''}|${rule ? ruleKey(rule) : finding.check}`;
    const existing = notes.get(key);
    if (existing) addCheck(existing.checks, finding.check);
    else notes.set(key, { ...targetOf(finding, rule), status, reason });
  };

  for (const finding of input.findings) {
    const revoke = REVOKE_CHECKS.has(finding.check);
    const restore = RESTORE_CHECKS.has(finding.check);
    if (!revoke && !restore) {
      note(
        finding,
        RevertStatus.Skipped,
        ALERT_ONLY[finding.check] ?? 'not a rule change auto-revert undoes',
      );
      continue;
    }
    const role = finding.role === null ? undefined : roles.get(finding.role);
    if (!finding.groupId || !finding.rule || !role) {
      note(finding, RevertStatus.Skipped, 'the group maps to no baseline role: not touched');
      continue;
    }
    const doubt = identityDoubt(finding.rule, role, doubtfulRoles, doubtfulGroups);
    if (doubt) {
      note(finding, RevertStatus.Skipped, doubt);
      continue;
    }
    if (!role.autoRevert) {
      note(finding, RevertStatus.Skipped, `role ${role.role} opts out of auto-revert (autoRevert: false)`);
      continue;
    }
    const key = ruleKey(finding.rule);
    const fresh = freshByKey(finding.groupId).get(key);
    if (revoke) {
      // Defence in depth: a rule the baseline declares is never revoked, whatever flagged it.
      if (expectedKeys(role).has(key)) note(finding, RevertStatus.Skipped, 'the baseline declares this rule');
      else if (!fresh) note(finding, RevertStatus.AlreadyGone, 'not on the group any more');
      else addChange(changes, finding, RevertAction.Revoke, fresh);
      continue;
    }
    if (!input.restoreMissing) note(finding, RevertStatus.Skipped, 'RESTORE_MISSING is off');
    else if (fresh) note(finding, RevertStatus.AlreadyPresent, 'already back on the group');
    else addChange(changes, finding, RevertAction.Restore, restorable(finding.rule, role, finding));
  }

  const planned = [...changes.values()].sort(
    (a, b) => Number(a.action === RevertAction.Restore) - Number(b.action === RevertAction.Restore),
  );
  const covered = new Set(planned.map((change) => `${change.groupId}|${ruleKey(change.rule)}`));
  const kept = [...notes.entries()].filter(([key]) => !covered.has(key)).map(([, value]) => value);
  return { changes: planned, notes: kept };
}

/**
 * Why a rule may not be touched because a role's identity is in doubt (see `ambiguous-roles`): the
 * group is the role's or the rule's peer is one of its candidate groups. A lookalike group must
 * never be granted access, nor the real one lose it, on the strength of a name or a tag.
 */
function identityDoubt(
  rule: Rule,
  role: RoleBaseline,
  doubtfulRoles: ReadonlySet<string>,
  doubtfulGroups: ReadonlySet<string>,
): string | undefined {
  if (doubtfulRoles.has(role.role))
    return `role ${role.role} is ambiguous or changed group (ambiguous-roles): not touched`;
  if (rule.peer.kind === 'group' && doubtfulGroups.has(rule.peer.value))
    return `the rule's peer ${rule.peer.value} is a candidate of an ambiguous or changed role (ambiguous-roles): not touched`;
  return undefined;
}

/** Every finding as a note the plan does not act on, for `reason` (an event that is only alerted). */
export function skippedNotes(findings: readonly Finding[], reason: string): PlanNote[] {
  return findings.map((finding) => ({
    ...targetOf(finding, finding.rule),
    status: RevertStatus.Skipped,
    reason,
  }));
}

/** Refuses a plan larger than the blast-radius limit: nothing is changed, the caller alerts CRITICAL. */
export function assertWithinBlastRadius(plan: RevertPlan, maxRules: number): void {
  if (plan.changes.length > maxRules) {
    throw new BlastRadiusError(
      `revert refused: ${plan.changes.length} rule changes exceed MAX_REVERT_RULES=${maxRules}; nothing was changed`,
    );
  }
}

/** The baseline rule as it is authorized again: canonical peer, the baseline's description, no id. */
function restorable(rule: Rule, role: RoleBaseline, finding: Finding): Rule {
  const declared = role.rules.find((candidate) => candidate.id === finding.baselineRuleId);
  const { ruleId: _unused, ...withoutId } = rule;
  return { ...withoutId, description: declared?.description ?? rule.description ?? '' };
}

function addChange(
  changes: Map<string, PlannedChange>,
  finding: Finding,
  action: RevertAction,
  rule: Rule,
): void {
  const key = `${finding.groupId}|${ruleKey(rule)}`;
  const existing = changes.get(key);
  if (existing) addCheck(existing.checks, finding.check);
  else changes.set(key, { ...targetOf(finding, rule), action, rule });
}

function targetOf(finding: Finding, rule: Rule | null) {
  return {
    groupId: finding.groupId ?? '',
    groupName: finding.groupName,
    role: finding.role,
    rule,
    baselineRuleId: finding.baselineRuleId,
    checks: [finding.check],
  };
}

function addCheck(checks: string[], check: string): void {
  if (!checks.includes(check)) checks.push(check);
}

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
