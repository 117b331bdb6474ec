import type { EnvironmentBaseline } from '../baseline/types';
import { errorText } from '../errors';
import { foreignOrigin, type MonitorHome } from '../events/origin';
import { parseSecurityGroupEvent } from '../events/parse';
import type { ChangeEvent, ParseOutcome } from '../events/types';
import type { Logger } from '../logger';
import { groupNamer } from '../model/rule-key';
import { type AlertAccount, buildChangeAlert } from '../notify/change-alert';
import { safeSubject } from '../notify/limits';
import { countByStatus, RevertOutcomeStatus, type RevertReport } from '../remediation/report';
import type { AuditResult } from '../report/audit-result';
import { SEVERITY_ORDER } from '../rules/types';
import type { ChangeAssessment } from './assess-change';
import { MetricBatch } from './metric-batch';
import type { AlertPublisher, MetricsPublisher, OutgoingAlert, SecurityGroupReader } from './ports';
import { readAndAssess } from './read-change';
import type { RecentIds, RecentMap } from './recent-ids';
import { type RevertDeps, type RevertSettings, revertChange } from './revert';
import type { RoleGroupDirectory } from './role-directory';
import { TimeBudget } from './time-budget';

/**
 * The change function's metric names (namespace and `Environment` dimension come from the batch).
 * Every event is counted once: processed, or under the one reason it was skipped.
 */
export const ChangeMetric = {
  ChangeEventsProcessed: 'ChangeEventsProcessed',
  DetectionLagMs: 'DetectionLagMs',
  EvaluationMs: 'EvaluationMs',
  DriftDetected: 'DriftDetected',
  /** Not JSON, or a CloudTrail record missing what every security-group event has. */
  UnparseableEvents: 'UnparseableEvents',
  /** A call that failed (`errorCode`, a dry run included): nothing changed. */
  FailedCallsIgnored: 'FailedCallsIgnored',
  /** An attachment call that changed another attribute than the groups (an instance type…). */
  OtherAttributeChangesIgnored: 'OtherAttributeChangesIgnored',
  /** Another source or event name than the nine security-group calls (a rule matching too much). */
  ForeignSourceEvents: 'ForeignSourceEvents',
  /** Another account or region than the monitor's, or an envelope and record that disagree. */
  ForeignEvents: 'ForeignEvents',
  /** The monitor's own revokes and restores, coming back from CloudTrail. */
  OwnChangesIgnored: 'OwnChangesIgnored',
  /** A delivery of an event already alerted (EventBridge and Lambda deliver at least once). */
  DuplicateEvents: 'DuplicateEvents',
  AutoReverts: 'AutoReverts',
  AutoRevertFailures: 'AutoRevertFailures',
  AutoRevertRefused: 'AutoRevertRefused',
  /** Revert steps the time budget left undone. */
  AutoRevertIncomplete: 'AutoRevertIncomplete',
} as const;

export interface ChangeDeps {
  reader: SecurityGroupReader;
  publisher: AlertPublisher;
  metrics: MetricsPublisher;
  logger: Logger;
  now: () => Date;
  /** Container state: role group ids, and the eventIDs already alerted. */
  directory: RoleGroupDirectory;
  seen: RecentIds;
  /**
   * Alerts whose publish failed, by eventID. After an auto-revert the retried event finds the group
   * compliant again; without this the retry would have nothing to say and the alert would be lost.
   */
  unsent?: RecentMap<OutgoingAlert>;
  /** The rule reader and writer auto-revert uses; without them auto-revert reports an error. */
  revert?: RevertDeps;
}

export interface ChangeSettings {
  baseline: EnvironmentBaseline;
  /**
   * The account and region the monitor watches: an event from anywhere else is skipped
   * (ForeignEvents). Null only where no such boundary exists (`sgdrift replay` of a recorded event).
   */
  home: MonitorHome | null;
  selfRoleArn: string | null;
  notifyCompliantChanges: boolean;
  /** AUTO_REVERT and its guards; absent means off. */
  autoRevert?: RevertSettings;
  /** Organization mode: the member account and region, named in every alert. */
  account?: AlertAccount;
}

export type ChangeOutcome =
  | { status: 'unparseable'; reason: string }
  | {
      status: 'skipped';
      reason:
        | 'failed-call'
        | 'not-security-group-event'
        | 'no-group-change'
        | 'foreign-origin'
        | 'unmapped-account'
        | 'own-change'
        | 'duplicate'
        | 'republished';
      event?: ChangeEvent;
    }
  | {
      status: 'evaluated';
      event: ChangeEvent;
      assessment: ChangeAssessment;
      alert: OutgoingAlert | null;
      /** What auto-revert did (null when off or when the event created no drift). */
      revert: RevertReport | null;
    };

/**
 * The real-time use case: parse a CloudTrail event, re-read the groups it touched, judge them
 * against the baseline, alert when the event created or worsened drift. Metrics always; a publish
 * failure propagates (Lambda retries, the DLQ keeps the event); a metrics failure never does.
 * `budget` is the invocation's time minus the alert's reserve: the reads and the revert spend it,
 * so the publish after them always has its reserve left.
 */
export async function processChangeEvent(
  input: unknown,
  deps: ChangeDeps,
  settings: ChangeSettings,
  budget: TimeBudget = TimeBudget.unlimited(),
): Promise<ChangeOutcome> {
  const metrics = new MetricBatch(settings.baseline.environment);
  try {
    return await evaluateChange(input, deps, settings, metrics, budget);
  } finally {
    await metrics.flush(deps.metrics, deps.logger);
  }
}

async function evaluateChange(
  input: unknown,
  deps: ChangeDeps,
  settings: ChangeSettings,
  metrics: MetricBatch,
  budget: TimeBudget,
): Promise<ChangeOutcome> {
  const { logger } = deps;
  const parsed = parseSecurityGroupEvent(input);
  if (parsed.kind !== 'change') return countUnusable(parsed, metrics, logger);
  const { event } = parsed;
  const log = logger.child({ correlationId: event.eventId, eventName: event.eventName });
  // Before anything else: an event from another account or region never reaches a read or a revert.
  const foreign = settings.home ? foreignOrigin(parsed.origin, settings.home) : null;
  if (foreign) {
    metrics.add(ChangeMetric.ForeignEvents, 1);
    log.warn('event from another account or region ignored', { reason: foreign });
    return { status: 'skipped', reason: 'foreign-origin', event };
  }
  if (isOwnChange(event, settings.selfRoleArn)) {
    metrics.add(ChangeMetric.OwnChangesIgnored, 1);
    log.info('own change ignored', { principal: event.actor.principalArn });
    return { status: 'skipped', reason: 'own-change', event };
  }
  if (deps.seen.has(event.eventId)) {
    metrics.add(ChangeMetric.DuplicateEvents, 1);
    log.info('duplicate delivery ignored');
    return { status: 'skipped', reason: 'duplicate', event };
  }
  const unsent = deps.unsent?.get(event.eventId);
  if (unsent) {
    await deps.publisher.publish(unsent);
    deps.unsent?.delete(event.eventId);
    deps.seen.add(event.eventId);
    log.info('alert of a retried event published');
    return { status: 'skipped', reason: 'republished', event };
  }

  const started = performance.now();
  const now = deps.now();
  metrics.add(ChangeMetric.ChangeEventsProcessed, 1);
  const lag = now.getTime() - Date.parse(event.eventTime);
  if (Number.isFinite(lag)) metrics.add(ChangeMetric.DetectionLagMs, Math.max(0, lag), 'Milliseconds');

  // A read that outlives the budget fails the invocation (Lambda retries it) before Lambda kills it.
  const { assessment, audit } = await budget.within('the read of the changed groups', (signal) =>
    readAndAssess(event, deps.reader, deps.directory, settings.baseline, now, signal),
  );
  metrics.add(ChangeMetric.EvaluationMs, performance.now() - started, 'Milliseconds');
  for (const severity of SEVERITY_ORDER) {
    const count = assessment.related.filter((finding) => finding.severity === severity).length;
    if (count > 0) metrics.add(ChangeMetric.DriftDetected, count, 'Count', { Severity: severity });
  }

  // Revert before alerting, so the alert says what was done.
  const revert = await autoRevert(event, assessment, audit, deps, settings, budget);
  if (revert) {
    recordRevertMetrics(metrics, revert);
    log.info('auto-revert', { mode: revert.mode, status: revert.status, summary: revert.summary });
  }
  const alert = shouldAlert(assessment, settings)
    ? changeAlert(event, assessment, revert, settings, now, groupNamer(audit.estate.groups))
    : null;
  if (alert) await publishOrKeep(alert, event.eventId, deps);
  // Only after a successful publish: a retried delivery of a failed one must alert.
  deps.seen.add(event.eventId);
  log.info('change evaluated', {
    severity: assessment.severity,
    findings: assessment.related.length,
    alerted: alert !== null,
  });
  return { status: 'evaluated', event, assessment, alert, revert };
}

/** Counts and logs an event that is no security-group change to judge: unparseable, failed, foreign source. */
export function countUnusable(
  parsed: Exclude<ParseOutcome, { kind: 'change' }>,
  metrics: MetricBatch,
  logger: Logger,
): ChangeOutcome {
  if (parsed.kind === 'unparseable') {
    metrics.add(ChangeMetric.UnparseableEvents, 1);
    logger.warn('unparseable event ignored', { reason: parsed.reason });
    return { status: 'unparseable', reason: parsed.reason };
  }
  if (parsed.reason === 'failed-call') {
    metrics.add(ChangeMetric.FailedCallsIgnored, 1);
    logger.debug('failed call ignored', { eventId: parsed.eventId, errorCode: parsed.errorCode });
  } else if (parsed.reason === 'no-group-change') {
    metrics.add(ChangeMetric.OtherAttributeChangesIgnored, 1);
    logger.debug('attribute change without groups ignored', { eventName: parsed.eventName });
  } else {
    metrics.add(ChangeMetric.ForeignSourceEvents, 1);
    logger.warn('event from another source ignored', { eventName: parsed.eventName });
  }
  return { status: 'skipped', reason: parsed.reason };
}

/** Publishes; on failure keeps the alert for the retry, then fails the invocation. */
async function publishOrKeep(alert: OutgoingAlert, eventId: string, deps: ChangeDeps): Promise<void> {
  try {
    await deps.publisher.publish(alert);
  } catch (error) {
    deps.unsent?.set(eventId, alert);
    throw error;
  }
}

/** Runs auto-revert on the event's own drift; a failure is reported in the alert, never thrown. */
async function autoRevert(
  event: ChangeEvent,
  assessment: ChangeAssessment,
  audit: AuditResult,
  deps: ChangeDeps,
  settings: ChangeSettings,
  budget: TimeBudget,
): Promise<RevertReport | null> {
  const revertSettings = settings.autoRevert;
  if (!revertSettings || revertSettings.mode === 'off') return null;
  const drift = { baseline: settings.baseline, resolution: audit.resolution, findings: assessment.related };
  try {
    if (!deps.revert) throw new Error('auto-revert has no EC2 rule reader/writer');
    return await revertChange(event, drift, deps.revert, revertSettings, budget);
  } catch (error) {
    deps.logger.error('auto-revert failed', { error, correlationId: event.eventId });
    const what = errorText(error);
    return {
      mode: revertSettings.mode,
      status: RevertOutcomeStatus.Error,
      summary: `not reverted, nothing changed by the monitor: ${what}`,
      results: [],
      verified: null,
    };
  }
}

/**
 * AutoReverts / AutoRevertFailures / AutoRevertRefused / AutoRevertIncomplete (steps the time
 * budget left undone) count what enforce did; a dry run counts nothing.
 */
function recordRevertMetrics(metrics: MetricBatch, revert: RevertReport): void {
  if (revert.mode !== 'enforce') return;
  const counts = countByStatus(revert.results);
  const reverted = counts.reverted + counts.restored;
  const failed = counts.failed + (revert.status === RevertOutcomeStatus.Error ? 1 : 0);
  if (reverted > 0) metrics.add(ChangeMetric.AutoReverts, reverted);
  if (failed > 0) metrics.add(ChangeMetric.AutoRevertFailures, failed);
  if (revert.status === RevertOutcomeStatus.Refused) metrics.add(ChangeMetric.AutoRevertRefused, 1);
  if (counts['not-done'] > 0) metrics.add(ChangeMetric.AutoRevertIncomplete, counts['not-done']);
}

/** The change alert, with the revert per rule; a refused revert (enforce) is CRITICAL and says so. */
function changeAlert(
  event: ChangeEvent,
  assessment: ChangeAssessment,
  revert: RevertReport | null,
  settings: ChangeSettings,
  now: Date,
  nameOfGroup: (groupId: string) => string | undefined,
): OutgoingAlert {
  const refused = revert?.mode === 'enforce' && revert.status === RevertOutcomeStatus.Refused;
  const alert = buildChangeAlert({
    environment: settings.baseline.environment,
    event,
    assessment: refused ? { ...assessment, severity: 'CRITICAL' } : assessment,
    detectedAt: now,
    nameOfGroup,
    ...(settings.account ? { account: settings.account } : {}),
    ...(revert ? { revert } : {}),
  });
  return refused
    ? { ...alert, subject: safeSubject(alert.subject.replace(/^CRITICAL /, 'CRITICAL REVERT REFUSED ')) }
    : alert;
}

function shouldAlert(assessment: ChangeAssessment, settings: ChangeSettings): boolean {
  if (assessment.severity) return true;
  return settings.notifyCompliantChanges && assessment.remaining.length === 0;
}

function isOwnChange(event: ChangeEvent, selfRoleArn: string | null): boolean {
  return (
    selfRoleArn !== null && (event.actor.principalArn === selfRoleArn || event.actor.arn === selfRoleArn)
  );
}
