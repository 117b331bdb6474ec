/** The revert report: per-rule results and the lines the change alert prints under "What the monitor did". */
import { displayText } from '../model/display-text';
import { formatRule } from '../model/rule-key';
import { type PlanNote, type PlannedChange, type RevertPlan, type RevertResult, RevertStatus } from './types';

export const RevertMode = { DryRun: 'dry-run', Enforce: 'enforce' } as const;
export type RevertMode = (typeof RevertMode)[keyof typeof RevertMode];

/** What auto-revert did for one event (or one `sgdrift revert` run) as a whole. */
export const RevertOutcomeStatus = {
  /** Enforce: the plan was applied (see each result for failures). */
  Applied: 'applied',
  /** Dry run: the plan was computed and nothing changed. */
  Planned: 'planned',
  /** Blast radius exceeded: nothing changed. */
  Refused: 'refused',
  /** The caller matches ALLOWED_PRINCIPALS: alerted, not reverted. */
  Authorized: 'authorized',
  /** Group creation/deletion or a description update: only alerted. */
  NotRevertible: 'not-revertible',
  /** Nothing in the drift is a rule auto-revert undoes. */
  NothingToDo: 'nothing-to-do',
  /** The fresh read failed: nothing changed (the alert still goes out). */
  Error: 'error',
  /** Enforce: the invocation's time budget ran out; the steps not done are reported as such. */
  Incomplete: 'incomplete',
} as const;
export type RevertOutcomeStatus = (typeof RevertOutcomeStatus)[keyof typeof RevertOutcomeStatus];

export interface RevertReport {
  mode: RevertMode;
  status: RevertOutcomeStatus;
  /** One line: what happened and why. */
  summary: string;
  results: RevertResult[];
  /** Enforce: whether a read after acting confirmed every change; null when nothing was applied. */
  verified: boolean | null;
}

/** A planned change as a result with `status` (planned, or skipped with `reason` when refused). */
export function changeResult(
  change: PlannedChange,
  status: RevertStatus,
  extra: Partial<Pick<RevertResult, 'reason' | 'error'>> = {},
): RevertResult {
  return { ...change, status, reason: extra.reason ?? null, error: extra.error ?? null };
}

/** A plan note (already settled or skipped) as a result. */
export function noteResult(note: PlanNote): RevertResult {
  const { reason, ...rest } = note;
  return { ...rest, action: null, reason, error: null };
}

/** The dry-run view of a plan: every change `planned`, every note as it is. */
export function plannedResults(plan: RevertPlan): RevertResult[] {
  return [
    ...plan.changes.map((change) => changeResult(change, RevertStatus.Planned)),
    ...plan.notes.map(noteResult),
  ];
}

/** Counts per status, for metrics and summaries. */
export function countByStatus(results: readonly RevertResult[]): Record<RevertStatus, number> {
  const counts = Object.fromEntries(Object.values(RevertStatus).map((status) => [status, 0])) as Record<
    RevertStatus,
    number
  >;
  for (const result of results) counts[result.status] += 1;
  return counts;
}

const VERB: Record<RevertStatus, string> = {
  planned: 'would',
  reverted: 'reverted',
  restored: 'restored',
  'already-gone': 'already gone',
  'already-present': 'already present',
  failed: 'FAILED',
  skipped: 'skipped',
  'not-done': 'NOT DONE',
};

/**
 * The lines for the alert's "What the monitor did" section (and `sgdrift revert`): the summary, then
 * one line per rule. Group names and AWS error messages pass the one sanitiser: one line each.
 */
export function revertLines(report: RevertReport): string[] {
  return [`auto-revert (${report.mode}): ${report.summary}`, ...report.results.map(resultLine)].map(
    displayText,
  );
}

/** One rule: `reverted: ingress 5432/tcp from 0.0.0.0/0 on thebot-database-sg (sgr-…)`. */
function resultLine(result: RevertResult): string {
  const what = result.rule ? formatRule(result.rule) : (result.baselineRuleId ?? result.checks.join(', '));
  const where = result.groupName ?? result.groupId ?? '';
  const id = result.rule?.ruleId ? ` (${result.rule.ruleId})` : '';
  const baseline = result.baselineRuleId ? ` [${result.baselineRuleId}]` : '';
  const verb = result.status === 'planned' ? `would ${result.action}` : VERB[result.status];
  const why = result.error
    ? `: ${result.error.code}: ${result.error.message}`
    : result.reason
      ? `: ${result.reason}`
      : '';
  return `${verb}: ${what}${baseline} on ${where}${id}${why}`;
}
