/**
 * Where one run of the organization audit keeps its files in the results bucket: everything under
 * `runs/<date>/<execution name>/`, so a lifecycle rule expires whole runs and the state machine's
 * rights stop at `runs/`. The names come from Step Functions (the execution), never from an account.
 */
import { InputError } from '../errors';

export const RUNS_PREFIX = 'runs/';

export interface OrgAuditRun {
  runId: string;
  /** `runs/<yyyy-mm-dd>/<runId>/` */
  prefix: string;
  /** The item list the Distributed Map reads (ItemReader). */
  itemsKey: string;
  /** OU ids of the accounts map Organizations did not know at listing: their accounts were not listed. */
  missingUnitsKey: string;
  /** One JSON file per account-region item. */
  resultsPrefix: string;
  /** Where the Distributed Map's ResultWriter puts its manifest and outputs. */
  mapPrefix: string;
}

// Step Functions execution names: 1-80 characters; a schedule's are UUIDs, a console's may be any.
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

/** The layout of a run from its execution's name and start time (`$$.Execution.Name`, `.StartTime`). */
export function orgAuditRun(executionName: unknown, startedAt: unknown): OrgAuditRun {
  if (typeof executionName !== 'string' || !EXECUTION_NAME.test(executionName)) {
    throw new InputError('org audit: runId: expected an execution name of 1-80 letters, digits, _ or -');
  }
  if (typeof startedAt !== 'string' || !ISO_DATE.test(startedAt)) {
    throw new InputError('org audit: startedAt: expected an ISO 8601 time');
  }
  const prefix = `${RUNS_PREFIX}${startedAt.slice(0, 10)}/${executionName}/`;
  return {
    runId: executionName,
    prefix,
    itemsKey: `${prefix}items.json`,
    missingUnitsKey: `${prefix}missing-units.json`,
    resultsPrefix: `${prefix}results/`,
    mapPrefix: `${prefix}map`,
  };
}

/** The result file of one account-region. */
export function resultKey(run: OrgAuditRun, accountId: string, region: string): string {
  return `${run.resultsPrefix}${accountId}-${region}.json`;
}
