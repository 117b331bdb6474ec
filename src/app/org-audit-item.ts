/**
 * One item of the organization audit, as the Distributed Map runs it: audit one account × region
 * through its member role (the same code as `sgdrift audit --accounts`), write the full result to the
 * run's results prefix, and hand back a few hundred bytes for the map. Whatever goes wrong with the
 * item (a refused AssumeRole, throttling, an environment the baseline lacks) becomes a result that
 * names the item and why, so the digest can name it.
 */
import { isAccountId, isRegion } from '../baseline/account-syntax';
import { type OrgItemRecord, type SeverityCounts, zeroCounts } from '../notify/org-digest';
import { toJsonReport } from '../report/json';
import {
  type AccountRegionItem,
  type AccountRegionOutcome,
  type AccountRegionPorts,
  auditAccountRegion,
  failureOf,
} from './audit-account-region';
import { type OrgAuditRun, resultKey } from './org-audit-run';
import type { AuditOptions } from './run-audit';
import { TimeBudget } from './time-budget';

/** The run's files in the results bucket. */
export interface ResultStore {
  putJson(key: string, value: unknown): Promise<void>;
  /** The file's JSON; undefined when there is no such file (any other failure throws). */
  getJson(key: string): Promise<unknown>;
}

export interface OrgItemPorts extends AccountRegionPorts {
  store: ResultStore;
}

const NAME_MAX = 50;

/** The item the map hands over, checked field by field; undefined when it is not one. */
export function itemOf(raw: unknown): AccountRegionItem | undefined {
  const item = raw as Partial<Record<keyof AccountRegionItem, unknown>> | null;
  if (typeof item?.accountId !== 'string' || !isAccountId(item.accountId)) return undefined;
  if (typeof item.region !== 'string' || !isRegion(item.region)) return undefined;
  if (typeof item.environment !== 'string' || item.environment.length === 0) return undefined;
  const name = item.accountName;
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > NAME_MAX))
    return undefined;
  return {
    accountId: item.accountId,
    accountName: typeof name === 'string' ? name : undefined,
    region: item.region,
    environment: item.environment,
  };
}

/**
 * Audits the item, writes its result file, returns its record. The audit gets what `budget` allows
 * and no more: an item whose reads would outlive the function is cut off and written as not
 * audited with why, rather than killed with nothing written (the digest could only say "no result").
 */
export async function auditOrgItem(
  run: OrgAuditRun,
  item: AccountRegionItem,
  ports: OrgItemPorts,
  options: AuditOptions = {},
  budget: TimeBudget = TimeBudget.unlimited(),
): Promise<OrgItemRecord> {
  let outcome: AccountRegionOutcome;
  try {
    outcome = await budget.within(
      `the audit of ${item.accountId} ${item.region}`,
      auditAccountRegion(item, ports, options),
    );
  } catch (error) {
    // auditAccountRegion lets bad input through (the CLI exits 2 on it); here it is this item's problem.
    outcome = { ...item, status: 'not-audited', failure: failureOf(error) };
  }
  const record = recordOf(outcome);
  const report = outcome.status === 'audited' ? toJsonReport(outcome.result) : null;
  await ports.store.putJson(resultKey(run, item.accountId, item.region), { ...record, report });
  return record;
}

export function recordOf(outcome: AccountRegionOutcome): OrgItemRecord {
  const base = {
    accountId: outcome.accountId,
    accountName: outcome.accountName ?? null,
    region: outcome.region,
    environment: outcome.environment,
  };
  if (outcome.status === 'audited') {
    const findings: SeverityCounts = { ...zeroCounts(), ...outcome.result.summary.findings };
    return { ...base, status: 'audited', findings, failure: null };
  }
  return { ...base, status: 'not-audited', findings: zeroCounts(), failure: outcome.failure };
}
