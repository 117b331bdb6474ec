/**
 * The revert use case: a fresh read of the groups (DescribeSecurityGroupRules, for `sgr-` ids) →
 * a pure plan → (enforce) one call per rule → a read after acting to verify → a per-rule report.
 */
import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import type { AutoRevertMode } from '../config';
import { BlastRadiusError, errorText } from '../errors';
import type { ChangeEvent } from '../events/types';
import { ruleKey } from '../model/rule-key';
import type { Rule } from '../model/types';
import { cutText } from '../notify/limits';
import { onlyAlertedReason, revertGate } from '../remediation/guards';
import { assertWithinBlastRadius, planRevert, skippedNotes } from '../remediation/plan';
import {
  changeResult,
  countByStatus,
  noteResult,
  plannedResults,
  type RevertMode,
  RevertOutcomeStatus,
  type RevertReport,
} from '../remediation/report';
import { type PlannedChange, RevertAction, type RevertResult, RevertStatus } from '../remediation/types';
import type { Finding } from '../rules/types';
import type { RuleWriteResult, SecurityGroupRuleReader, SecurityGroupWriter } from './ports';
import { TimeBudget } from './time-budget';

/** The reason of every step the time budget left undone (in the alert, per rule and in the summary). */
export const TIME_BUDGET_REASON = 'revert incomplete: time budget';

/** Auto-revert's configuration (AUTO_REVERT, ALLOWED_PRINCIPALS, MAX_REVERT_RULES, RESTORE_MISSING). */
export interface RevertSettings {
  mode: AutoRevertMode;
  allowedPrincipals: readonly string[];
  maxRevertRules: number;
  restoreMissing: boolean;
}

export interface RevertDeps {
  rules: SecurityGroupRuleReader;
  writer: SecurityGroupWriter;
}

/** The drift to undo, with what is needed to judge it: the baseline and who plays which role. */
export interface DriftToRevert {
  baseline: EnvironmentBaseline;
  resolution: RoleResolution;
  findings: readonly Finding[];
}

export interface RevertOptions {
  mode: RevertMode;
  maxRules: number;
  restoreMissing: boolean;
}

/** Auto-revert for one change event: off → null; guards; then the event's own drift only. */
export async function revertChange(
  event: ChangeEvent,
  drift: DriftToRevert,
  deps: RevertDeps,
  settings: RevertSettings,
  budget: TimeBudget = TimeBudget.unlimited(),
): Promise<RevertReport | null> {
  if (settings.mode === 'off' || drift.findings.length === 0) return null;
  const refusal = revertGate(event, settings.allowedPrincipals);
  if (refusal) {
    // An event that is only alerted lists each finding with why, so the alert says what was left as is.
    const results =
      refusal.status === RevertOutcomeStatus.NotRevertible
        ? skippedNotes(drift.findings, onlyAlertedReason(event.eventName)).map(noteResult)
        : [];
    return { mode: settings.mode, ...refusal, results, verified: null };
  }
  return revertDrift(
    drift,
    deps,
    { mode: settings.mode, maxRules: settings.maxRevertRules, restoreMissing: settings.restoreMissing },
    budget,
  );
}

/**
 * Plans the revert of `drift.findings` from a fresh read; applies and verifies it when enforcing.
 * Each step (the read, every call, the verifying read) starts only while `budget` has time left,
 * and every EC2 call is aborted when it runs out: the alert after the revert keeps its reserve.
 */
export async function revertDrift(
  drift: DriftToRevert,
  deps: RevertDeps,
  options: RevertOptions,
  budget: TimeBudget = TimeBudget.unlimited(),
): Promise<RevertReport> {
  const { mode } = options;
  const groupIds = [
    ...new Set(
      drift.findings.flatMap((finding) => (finding.groupId && finding.role ? [finding.groupId] : [])),
    ),
  ];
  if (groupIds.length > 0 && !budget.allows()) {
    const summary = `${TIME_BUDGET_REASON}: nothing read, nothing changed`;
    return { mode, status: RevertOutcomeStatus.Incomplete, summary, results: [], verified: null };
  }
  const freshRules =
    groupIds.length > 0
      ? await budget.within('the rule read before the revert', deps.rules.describeGroupRules(groupIds))
      : new Map();
  const plan = planRevert({ ...drift, freshRules, restoreMissing: options.restoreMissing });
  if (plan.changes.length === 0) {
    return {
      mode,
      status: RevertOutcomeStatus.NothingToDo,
      summary: 'nothing to change',
      results: plan.notes.map(noteResult),
      verified: null,
    };
  }
  try {
    assertWithinBlastRadius(plan, options.maxRules);
  } catch (error) {
    if (!(error instanceof BlastRadiusError)) throw error;
    const reason = `refused: more than ${options.maxRules} rule changes`;
    return {
      mode,
      status: RevertOutcomeStatus.Refused,
      summary: mode === 'enforce' ? error.message : `would be ${error.message}`,
      results: [
        ...plan.changes.map((change) => changeResult(change, RevertStatus.Skipped, { reason })),
        ...plan.notes.map(noteResult),
      ],
      verified: null,
    };
  }
  if (mode === 'dry-run') {
    const revokes = plan.changes.filter((change) => change.action === RevertAction.Revoke).length;
    return {
      mode,
      status: RevertOutcomeStatus.Planned,
      summary: `dry run, nothing changed: would revoke ${revokes} and restore ${plan.changes.length - revokes} rules`,
      results: plannedResults(plan),
      verified: null,
    };
  }

  const applied: RevertResult[] = [];
  // One rule at a time: each gets its own outcome, and a failure does not stop the rest.
  for (const change of plan.changes) {
    const outcome: Applied = budget.allows()
      ? await apply(change, deps.writer, budget.signal())
      : [RevertStatus.NotDone, { reason: TIME_BUDGET_REASON }];
    applied.push(changeResult(change, ...outcome));
  }
  const incomplete = applied.some((result) => result.status === RevertStatus.NotDone);
  const verified = await verifyWithin(budget, applied, deps.rules);
  const counts = countByStatus(verified.results);
  const counted = `reverted ${counts.reverted}, restored ${counts.restored}, already settled ${counts['already-gone'] + counts['already-present']}, failed ${counts.failed}`;
  const summary = incomplete ? `${TIME_BUDGET_REASON}: ${counted}, not done ${counts['not-done']}` : counted;
  const changed = counts.reverted + counts.restored > 0;
  return {
    mode,
    status: incomplete ? RevertOutcomeStatus.Incomplete : RevertOutcomeStatus.Applied,
    summary:
      changed && verified.ok === null
        ? `${summary}; not verified by a read after (${verified.why})`
        : summary,
    results: [...verified.results, ...plan.notes.map(noteResult)],
    verified: verified.ok,
  };
}

type Applied = [RevertStatus, { reason?: string; error?: { code: string; message: string } }];

async function apply(
  change: PlannedChange,
  writer: SecurityGroupWriter,
  signal: AbortSignal | undefined,
): Promise<Applied> {
  const revoke = change.action === RevertAction.Revoke;
  const written: RuleWriteResult = revoke
    ? await writer.revokeRule(change.groupId, change.rule, signal)
    : await writer.authorizeRule(change.groupId, change.rule, signal);
  // Cut off by the budget: EC2 may or may not have made the change; the next read will tell.
  if (written.status === 'failed' && signal?.aborted) {
    return [
      RevertStatus.NotDone,
      { reason: TIME_BUDGET_REASON, error: { code: written.code, message: written.message } },
    ];
  }
  switch (written.status) {
    case 'done':
      return [revoke ? RevertStatus.Reverted : RevertStatus.Restored, {}];
    case 'already-done':
      return [revoke ? RevertStatus.AlreadyGone : RevertStatus.AlreadyPresent, { reason: written.code }];
    case 'failed':
      return [RevertStatus.Failed, { error: { code: written.code, message: written.message } }];
  }
}

/**
 * The verifying read, when there is time for it. The changes are made by then: a read cut off by
 * the budget or failing leaves the results as EC2 answered them, unverified, so the alert still
 * says what was changed rather than failing as if nothing had been.
 */
async function verifyWithin(
  budget: TimeBudget,
  applied: RevertResult[],
  rules: SecurityGroupRuleReader,
): Promise<{ results: RevertResult[]; ok: boolean | null; why?: string }> {
  if (!budget.allows()) return { results: applied, ok: null, why: 'no time left for it' };
  try {
    return await budget.within('the verifying read after the revert', verify(applied, rules));
  } catch (error) {
    // Said in the alert's summary: a refused or failing read is not hidden behind "not verified".
    return { results: applied, ok: null, why: cutText(errorText(error), 200) };
  }
}

/** Re-reads the touched groups: a revoked rule must be gone, a restored one present. */
async function verify(
  results: RevertResult[],
  rules: SecurityGroupRuleReader,
): Promise<{ results: RevertResult[]; ok: boolean }> {
  const done = results.filter(
    (result) => result.status === RevertStatus.Reverted || result.status === RevertStatus.Restored,
  );
  if (done.length === 0) return { results, ok: results.every((result) => result.status !== 'failed') };
  const after = await rules.describeGroupRules([...new Set(done.map((result) => result.groupId))]);
  const present = (groupId: string, rule: Rule) =>
    (after.get(groupId) ?? []).some((candidate) => ruleKey(candidate) === ruleKey(rule));
  const checked = results.map((result) => {
    if (!result.rule) return result;
    const wrong =
      (result.status === RevertStatus.Reverted && present(result.groupId, result.rule)) ||
      (result.status === RevertStatus.Restored && !present(result.groupId, result.rule));
    if (!wrong) return result;
    const message =
      result.status === RevertStatus.Reverted ? 'still present after revoke' : 'absent after authorize';
    return { ...result, status: RevertStatus.Failed, error: { code: 'NotVerified', message } };
  });
  return { results: checked, ok: checked.every((result) => result.status !== RevertStatus.Failed) };
}
