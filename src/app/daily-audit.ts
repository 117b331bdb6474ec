import type { EnvironmentBaseline } from '../baseline/types';
import type { Logger } from '../logger';
import { buildAuditDigest } from '../notify/audit-digest';
import type { AuditResult } from '../report/audit-result';
import { SEVERITY_ORDER } from '../rules/types';
import { MetricBatch } from './metric-batch';
import type {
  AlertPublisher,
  MetricDatum,
  MetricsPublisher,
  OutgoingAlert,
  SecurityGroupReader,
} from './ports';
import { auditLive } from './run-audit';

/** The audit has minutes, and its metrics feed the audit-not-run alarm: a longer flush than a change's. */
export const AUDIT_METRICS_FLUSH_MS = 3_000;

/** The daily audit's metric names (namespace and `Environment` dimension come from the batch). */
export const AuditMetric = {
  ComplianceStatus: 'ComplianceStatus',
  Findings: 'Findings',
  SecurityGroupsScanned: 'SecurityGroupsScanned',
  RulesScanned: 'RulesScanned',
  SuppressedFindings: 'SuppressedFindings',
  AuditDurationMs: 'AuditDurationMs',
} as const;

export interface DailyAuditDeps {
  reader: SecurityGroupReader;
  publisher: AlertPublisher;
  metrics: MetricsPublisher;
  logger: Logger;
  now: () => Date;
}

export interface DailyAuditOutcome {
  result: AuditResult;
  digest: OutgoingAlert;
  metrics: readonly MetricDatum[];
}

/**
 * The seed's "Daily: automated rule validation script": one read of every group and interface,
 * every check, ONE digest on the alert topic and ONE PutMetricData. A digest that cannot be
 * published rejects (Lambda retries, then the DLQ); metrics are sent either way and never throw.
 */
export async function runDailyAudit(
  baseline: EnvironmentBaseline,
  deps: DailyAuditDeps,
): Promise<DailyAuditOutcome> {
  const started = performance.now();
  const result = await auditLive(baseline, deps.reader, { now: deps.now() });
  const digest = buildAuditDigest(result);
  const batch = auditMetrics(result, performance.now() - started);
  deps.logger.info('audit evaluated', {
    compliant: result.compliant,
    groups: result.summary.groups,
    rules: result.summary.rules,
    findings: result.summary.findings,
    suppressed: result.suppressed.length,
    durationMs: Math.round(result.durationMs),
  });
  try {
    await deps.publisher.publish(digest);
  } finally {
    // The audit ran even if its digest did not go out: the audit-not-run alarm must not fire too.
    await batch.flush(deps.metrics, deps.logger, AUDIT_METRICS_FLUSH_MS);
  }
  return { result, digest, metrics: batch.datums };
}

/** One data point per metric; every severity is sent, zeros included, so graphs have no gaps. */
function auditMetrics(result: AuditResult, durationMs: number): MetricBatch {
  const batch = new MetricBatch(result.environment)
    .add(AuditMetric.ComplianceStatus, result.compliant ? 1 : 0, 'None')
    .add(AuditMetric.SecurityGroupsScanned, result.summary.groups)
    .add(AuditMetric.RulesScanned, result.summary.rules)
    .add(AuditMetric.SuppressedFindings, result.suppressed.length)
    .add(AuditMetric.AuditDurationMs, Math.round(durationMs), 'Milliseconds');
  for (const severity of SEVERITY_ORDER) {
    if (severity === 'INFO') continue;
    batch.add(AuditMetric.Findings, result.summary.findings[severity], 'Count', { Severity: severity });
  }
  return batch;
}
