/**
 * The revert use case: a fresh read of the groups (DescribeSecurityGroupRules, for `sgr-` ids) →
 * a pure plan → (enforce) one call per rule → a read after acting to verify → a per-rule report.
 */
import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import type { AutoRevertMode } from '../config';
import { BlastRadiusError } from '../errors';
import type { ChangeEvent } from '../events/types';
import { ruleKey } from '../model/rule-key';
import type { Rule } from '../model/types';
import { revertGate } from '../remediation/guards';
import { assertWithinBlastRadius, planRevert } from '../remediation/plan';
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
): Promise<RevertReport | null> {
  if (settings.mode === 'off' || drift.findings.length === 0) return null;
  const refusal = revertGate(event, settings.allowedPrincipals);
  if (refusal) return { mode: settings.mode, ...refusal, results: [], verified: null };
  return revertDrift(drift, deps, {
    mode: settings.mode,
    maxRules: settings.maxRevertRules,
    restoreMissing: settings.restoreMissing,
  });
}

/** Plans the revert of `drift.findings` from a fresh read; applies and verifies it when enforcing. */
export async function revertDrift(
  drift: DriftToRevert,
  deps: RevertDeps,
  options: RevertOptions,
): Promise<RevertReport> {
  const { mode } = options;
  const groupIds = [
    ...new Set(
      drift.findings.flatMap((finding) => (finding.groupId && finding.role ? [finding.groupId] : [])),
    ),
  ];
  const freshRules = groupIds.length > 0 ? await deps.rules.describeGroupRules(groupIds) : new Map();
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
  for (const change of plan.changes)
    applied.push(changeResult(change, ...(await apply(change, deps.writer))));
  const verified = await verify(applied, deps.rules);
  const counts = countByStatus(verified.results);
  return {
    mode,
    status: RevertOutcomeStatus.Applied,
    summary: `reverted ${counts.reverted}, restored ${counts.restored}, already settled ${counts['already-gone'] + counts['already-present']}, failed ${counts.failed}`,
    results: [...verified.results, ...plan.notes.map(noteResult)],
    verified: verified.ok,
  };
}

type Applied = [RevertStatus, { reason?: string; error?: { code: string; message: string } }];

async function apply(change: PlannedChange, writer: SecurityGroupWriter): Promise<Applied> {
  const revoke = change.action === RevertAction.Revoke;
  const written: RuleWriteResult = revoke
    ? await writer.revokeRule(change.groupId, change.rule)
    : await writer.authorizeRule(change.groupId, change.rule);
  switch (written.status) {
    case 'done':
      return [revoke ? RevertStatus.Reverted : RevertStatus.Restored, {}];
    case 'already-done':
      return [revoke ? RevertStatus.AlreadyGone : RevertStatus.AlreadyPresent, { reason: written.code }];
    case 'failed':
      return [RevertStatus.Failed, { error: { code: written.code, message: written.message } }];
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
