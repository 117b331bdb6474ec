/**
 * The organization audit's last step: read the run's item list and each item's own result file,
 * and publish ONE digest. An item without a readable result file (its execution failed or was never
 * started because the map gave up, S3 would not return it, it holds another item's result) is named
 * as not audited, with which: nothing the map lost goes unmentioned.
 */
import type { Logger } from '../logger';
import { buildOrgDigest, ORG_SEVERITIES, type OrgItemRecord, zeroCounts } from '../notify/org-digest';
import { type AccountRegionItem, failureOf } from './audit-account-region';
import { mapWithConcurrency } from './bounded-map';
import { itemOf, type ResultStore } from './org-audit-item';
import { type OrgAuditRun, resultKey } from './org-audit-run';
import { type AlertPublisher, type MetricDatum, type MetricsPublisher, MetricUnit } from './ports';

export const OrgAuditMetric = {
  Audited: 'AccountRegionsAudited',
  NotAudited: 'AccountRegionsNotAudited',
  Findings: 'Findings',
} as const;
/** The dimension that keeps the organization's metrics apart from a member stack's. */
export const ORG_SCOPE = { Scope: 'Organization' } as const;

/** Result files read at once: S3 serves thousands of GETs a second per prefix. */
const READ_CONCURRENCY = 32;

export interface OrgDigestDeps {
  store: ResultStore;
  publisher: AlertPublisher;
  metrics: MetricsPublisher;
  logger: Logger;
  /** The results bucket's name, for the pointer in the digest. */
  bucket: string;
}

export interface OrgDigestSummary {
  accountRegions: number;
  audited: number;
  notAudited: number;
  /** Organizational units of the accounts map Organizations did not know: their accounts unlisted. */
  missingUnits: number;
}

/**
 * The record of one item: read from the item's own result file (never from whatever file claims
 * it), else a not-audited record that says why none could be read.
 */
async function recordOfItem(run: OrgAuditRun, item: AccountRegionItem, deps: OrgDigestDeps) {
  const notAudited = (code: string, message: string): OrgItemRecord => ({
    accountId: item.accountId,
    accountName: item.accountName ?? null,
    region: item.region,
    environment: item.environment,
    status: 'not-audited',
    findings: zeroCounts(),
    failure: { code, message },
  });
  const key = resultKey(run, item.accountId, item.region);
  let file: unknown;
  try {
    file = await deps.store.getJson(key);
  } catch (error) {
    deps.logger.warn('result file unreadable', { key, error });
    return notAudited('ResultUnreadable', `its result file could not be read: ${failureOf(error).message}`);
  }
  if (file === undefined) {
    return notAudited(
      'NoResult',
      'the item wrote no result (its execution failed or timed out, or the map stopped)',
    );
  }
  return recordFromFile(file, item) ?? notAudited('ResultMalformed', 'its result file is not an item result');
}

/** Reads the run, publishes the digest, then the organization's metrics. */
export async function runOrgDigest(run: OrgAuditRun, deps: OrgDigestDeps): Promise<OrgDigestSummary> {
  const listed = await deps.store.getJson(run.itemsKey);
  // No list is no run to report: failing, the execution fails and its alarm fires, rather than a
  // digest of zero account-regions that reads as a clean organization.
  if (!Array.isArray(listed)) throw new Error(`${run.itemsKey}: not the run's item list`);
  const items = listed.flatMap((raw) => itemOf(raw) ?? []);
  const missingUnits = unitIdsOf(await deps.store.getJson(run.missingUnitsKey), run.missingUnitsKey);
  // Only the counts are kept of each file, not its report.
  const records = await mapWithConcurrency(items, READ_CONCURRENCY, (item) => recordOfItem(run, item, deps));
  const alert = buildOrgDigest({
    runId: run.runId,
    resultsUri: `s3://${deps.bucket}/${run.resultsPrefix}`,
    records,
    missingUnits,
  });
  await deps.publisher.publish(alert);

  const audited = records.filter((record) => record.status === 'audited').length;
  const summary = {
    accountRegions: records.length,
    audited,
    notAudited: records.length - audited,
    missingUnits: missingUnits.length,
  };
  try {
    await deps.metrics.put(orgMetrics(records, summary));
  } catch (error) {
    // The digest is out; a lost data point shows as the not-run alarm, never as a second digest.
    deps.logger.error('organization metrics not sent', { error });
  }
  return summary;
}

/** The run's missing OU ids; none when the list step wrote no file (a run from before it did). */
function unitIdsOf(file: unknown, key: string): string[] {
  if (file === undefined) return [];
  if (!Array.isArray(file) || !file.every((id) => typeof id === 'string')) {
    throw new Error(`${key}: not a list of organizational unit ids`);
  }
  return file;
}

export function orgMetrics(records: readonly OrgItemRecord[], summary: OrgDigestSummary): MetricDatum[] {
  const count = (name: string, value: number, dimensions: Record<string, string> = {}): MetricDatum => ({
    name,
    value,
    unit: MetricUnit.Count,
    dimensions: { ...ORG_SCOPE, ...dimensions },
  });
  return [
    count(OrgAuditMetric.Audited, summary.audited),
    // An OU that could not be listed hides account-regions no record names: counted as one at
    // least, so the "not audited" alarm fires for it.
    count(OrgAuditMetric.NotAudited, summary.notAudited + summary.missingUnits),
    ...ORG_SEVERITIES.map((severity) =>
      count(
        OrgAuditMetric.Findings,
        records.reduce((sum, record) => sum + record.findings[severity], 0),
        { Severity: severity },
      ),
    ),
  ];
}

/** The file's record, if it is the result of `item` (its own account and region). */
function recordFromFile(raw: unknown, item: AccountRegionItem): OrgItemRecord | undefined {
  const claimed = itemOf(raw);
  const file = raw as Partial<OrgItemRecord> | null;
  if (claimed?.accountId !== item.accountId || claimed.region !== item.region) return undefined;
  if (file?.status !== 'audited' && file?.status !== 'not-audited') return undefined;
  const findings = zeroCounts();
  for (const severity of ORG_SEVERITIES) {
    const value = file.findings?.[severity];
    findings[severity] = Number.isInteger(value) && (value as number) >= 0 ? (value as number) : 0;
  }
  const failure = file.failure;
  return {
    ...item,
    accountName: item.accountName ?? null,
    status: file.status,
    findings,
    failure:
      file.status === 'audited'
        ? null
        : {
            code: typeof failure?.code === 'string' ? failure.code : 'Error',
            message: typeof failure?.message === 'string' ? failure.message : '',
          },
  };
}
