import type { EnvironmentBaseline } from '../baseline/types';
import { parseSecurityGroupEvent } from '../events/parse';
import type { ChangeEvent } from '../events/types';
import type { Logger } from '../logger';
import type { SecurityGroup } from '../model/types';
import { buildChangeAlert } from '../notify/change-alert';
import { SEVERITY_ORDER } from '../rules/types';
import { assessChange, type ChangeAssessment } from './assess-change';
import { MetricBatch } from './metric-batch';
import type { AlertPublisher, MetricsPublisher, OutgoingAlert, SecurityGroupReader } from './ports';
import type { RecentIds } from './recent-ids';
import type { RoleGroupDirectory } from './role-directory';
import { auditEstate } from './run-audit';

export interface ChangeDeps {
  reader: SecurityGroupReader;
  publisher: AlertPublisher;
  metrics: MetricsPublisher;
  logger: Logger;
  now: () => Date;
  /** Container state: role group ids, and the eventIDs already alerted. */
  directory: RoleGroupDirectory;
  seen: RecentIds;
}

export interface ChangeSettings {
  baseline: EnvironmentBaseline;
  selfRoleArn: string | null;
  notifyCompliantChanges: boolean;
}

export type ChangeOutcome =
  | { status: 'unparseable'; reason: string }
  | {
      status: 'skipped';
      reason: 'failed-call' | 'not-security-group-event' | 'own-change' | 'duplicate';
      event?: ChangeEvent;
    }
  | { status: 'evaluated'; event: ChangeEvent; assessment: ChangeAssessment; alert: OutgoingAlert | null };

/**
 * The real-time use case: parse a CloudTrail event, re-read the groups it touched, judge them
 * against the baseline, alert when the event created or worsened drift. Metrics always; a publish
 * failure propagates (Lambda retries, the DLQ keeps the event); a metrics failure never does.
 */
export async function processChangeEvent(
  input: unknown,
  deps: ChangeDeps,
  settings: ChangeSettings,
): Promise<ChangeOutcome> {
  const metrics = new MetricBatch(settings.baseline.environment);
  try {
    return await evaluateChange(input, deps, settings, metrics);
  } finally {
    await metrics.flush(deps.metrics, deps.logger);
  }
}

async function evaluateChange(
  input: unknown,
  deps: ChangeDeps,
  settings: ChangeSettings,
  metrics: MetricBatch,
): Promise<ChangeOutcome> {
  const { logger } = deps;
  const parsed = parseSecurityGroupEvent(input);
  if (parsed.kind === 'unparseable') {
    metrics.add('UnparseableEvents', 1);
    logger.warn('unparseable event ignored', { reason: parsed.reason });
    return { status: 'unparseable', reason: parsed.reason };
  }
  if (parsed.kind === 'skipped') {
    if (parsed.reason === 'failed-call') {
      metrics.add('FailedCallsIgnored', 1);
      logger.debug('failed call ignored', { eventId: parsed.eventId, errorCode: parsed.errorCode });
    } else {
      metrics.add('UnparseableEvents', 1);
      logger.warn('foreign event ignored', { eventName: parsed.eventName });
    }
    return { status: 'skipped', reason: parsed.reason };
  }
  const { event } = parsed;
  const log = logger.child({ correlationId: event.eventId, eventName: event.eventName });
  if (isOwnChange(event, settings.selfRoleArn)) {
    log.info('own change ignored', { principal: event.actor.principalArn });
    return { status: 'skipped', reason: 'own-change', event };
  }
  if (deps.seen.has(event.eventId)) {
    log.info('duplicate delivery ignored');
    return { status: 'skipped', reason: 'duplicate', event };
  }

  const started = performance.now();
  const now = deps.now();
  metrics.add('ChangeEventsProcessed', 1);
  const lag = now.getTime() - Date.parse(event.eventTime);
  if (Number.isFinite(lag)) metrics.add('DetectionLagMs', Math.max(0, lag), 'Milliseconds');

  const assessment = await assess(event, deps, settings.baseline, now);
  metrics.add('EvaluationMs', performance.now() - started, 'Milliseconds');
  for (const severity of SEVERITY_ORDER) {
    const count = assessment.related.filter((finding) => finding.severity === severity).length;
    if (count > 0) metrics.add('DriftDetected', count, 'Count', { Severity: severity });
  }

  const alert = shouldAlert(assessment, settings)
    ? buildChangeAlert({ environment: settings.baseline.environment, event, assessment, detectedAt: now })
    : null;
  if (alert) await deps.publisher.publish(alert);
  // Only after a successful publish: a retried delivery of a failed one must alert.
  deps.seen.add(event.eventId);
  log.info('change evaluated', {
    severity: assessment.severity,
    findings: assessment.related.length,
    alerted: alert !== null,
  });
  return { status: 'evaluated', event, assessment, alert };
}

/** Reads the affected groups and the role groups in one call, then judges them. */
async function assess(
  event: ChangeEvent,
  deps: ChangeDeps,
  baseline: EnvironmentBaseline,
  now: Date,
): Promise<ChangeAssessment> {
  const { reader, directory } = deps;
  const named = event.groupNames.length > 0 ? await reader.describeGroupsByName(event.groupNames) : [];
  const affectedIds = new Set([...event.groupIds, ...named.map((group) => group.groupId)]);
  let groups = await reader.describeGroups([...affectedIds, ...(await directory.groupIds(reader))]);
  if (baseline.roles.some((role) => !hasRoleGroup(role.role, groups, directory))) {
    // A role group may have been recreated under a new id: look it up by selector once.
    groups = mergeById(groups, await directory.refresh(reader));
  }
  directory.remember(groups);
  const present = new Set(groups.map((group) => group.groupId));
  const deleted = new Map<string, string>();
  for (const id of affectedIds) {
    const role = directory.roleOf(id);
    if (!present.has(id) && role !== undefined) deleted.set(id, role);
  }
  const audit = auditEstate(baseline, { groups }, { now });
  return assessChange(event, audit, affectedIds, deleted);
}

function hasRoleGroup(
  role: string,
  groups: readonly SecurityGroup[],
  directory: RoleGroupDirectory,
): boolean {
  return groups.some((group) => directory.roleOf(group.groupId) === role);
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

function mergeById(a: readonly SecurityGroup[], b: readonly SecurityGroup[]): SecurityGroup[] {
  const byId = new Map(a.map((group) => [group.groupId, group]));
  for (const group of b) byId.set(group.groupId, group);
  return [...byId.values()];
}
