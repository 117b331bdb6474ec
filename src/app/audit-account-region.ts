/**
 * The organization audit's unit of work: one account × region, read through that account's reader
 * and judged by its environment's baseline. A failure to read (AccessDenied, throttling) is an
 * outcome that names the item, never an exception that stops the others. The CLI runs the items
 * under bounded concurrency; the central Step Functions item and the benchmark run the same code.
 */
import type { AccountTarget } from '../baseline/accounts';
import type { EnvironmentBaseline } from '../baseline/types';
import { InputError } from '../errors';
import type { AuditResult } from '../report/audit-result';
import { mapWithConcurrency } from './bounded-map';
import type { SecurityGroupReader } from './ports';
import { type AuditOptions, auditLive } from './run-audit';

export interface AccountRegionItem {
  accountId: string;
  accountName: string | undefined;
  region: string;
  environment: string;
}

/** Why an item could not be audited: the AWS error code (`AccessDenied`) and its first line. */
export interface AuditFailure {
  code: string;
  message: string;
}

export type AccountRegionOutcome =
  | (AccountRegionItem & { status: 'audited'; result: AuditResult })
  | (AccountRegionItem & { status: 'not-audited'; failure: AuditFailure });

export interface AccountRegionPorts {
  /** The reader of one account and region (through that account's member role). */
  readerFor(accountId: string, region: string): SecurityGroupReader;
  /** The baseline of an environment, validated before the run starts. */
  baselineFor(environment: string): EnvironmentBaseline;
}

/** The items of the targets: each account × its regions, or × `regions` when given (--regions). */
export function accountRegionItems(
  targets: readonly AccountTarget[],
  regions?: readonly string[],
): AccountRegionItem[] {
  return targets.flatMap((target) =>
    (regions ?? target.regions).map((region) => ({
      accountId: target.accountId,
      accountName: target.name,
      region,
      environment: target.environment,
    })),
  );
}

/** Audits one account × region; a read that fails becomes a `not-audited` outcome naming why. */
export async function auditAccountRegion(
  item: AccountRegionItem,
  ports: AccountRegionPorts,
  options: AuditOptions = {},
): Promise<AccountRegionOutcome> {
  const baseline = ports.baselineFor(item.environment);
  try {
    const result = await auditLive(baseline, ports.readerFor(item.accountId, item.region), options);
    return { ...item, status: 'audited', result };
  } catch (error) {
    // Bad input is the operator's to fix for every item alike: stop, exit 2.
    if (error instanceof InputError) throw error;
    return { ...item, status: 'not-audited', failure: failureOf(error) };
  }
}

/** Audits every item with at most `concurrency` in flight; outcomes in the items' order. */
export function auditAccountRegions(
  items: readonly AccountRegionItem[],
  ports: AccountRegionPorts,
  concurrency: number,
  options: AuditOptions = {},
): Promise<AccountRegionOutcome[]> {
  return mapWithConcurrency(items, concurrency, (item) => auditAccountRegion(item, ports, options));
}

const ERROR_CODE = /^[A-Za-z][\w.]{0,63}$/;
const MAX_MESSAGE = 300;

/** A thrown value as an item's failure: a safe code and one line of message, bounded. */
export function failureOf(error: unknown): AuditFailure {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: ERROR_CODE.test(name) ? name : 'Error',
    message: (message.split('\n')[0] ?? '').slice(0, MAX_MESSAGE),
  };
}
