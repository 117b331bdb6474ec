import {
  type AccountRegionOutcome,
  accountRegionItems,
  auditAccountRegions,
} from '../app/audit-account-region';
import { createCrossAccountClients } from '../aws/cross-account';
import { isRegion } from '../baseline/account-syntax';
import { listedTargets, loadAccountsFile } from '../baseline/accounts';
import { DEFAULT_BASELINE_FILE } from '../baseline/files';
import { forEnvironment, loadBaselineFile } from '../baseline/loader';
import type { EnvironmentBaseline } from '../baseline/types';
import { InputError } from '../errors';
import { reaches } from '../rules/severity';
import type { Severity } from '../rules/types';
import { noPositionals, oneOf, parseCommandArgs, required } from './args';
import { FAIL_ON, selectChecks } from './audit-command';
import { inputLimit } from './files';
import type { CliIo } from './io';
import { renderOrganizationJson, renderOrganizationText, summarize } from './org-report';

const FORMATS = ['text', 'json'] as const;
/** A fixed session name: it is what the member accounts' CloudTrail shows, never taken from input. */
export const ORG_AUDIT_SESSION_NAME = 'sgdrift-audit';
const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 64;

/** Exit codes of the organization audit; 3 is its own: no drift seen, but not everything was seen. */
export const OrgAuditExit = { Clean: 0, Findings: 1, Usage: 2, NotAudited: 3 } as const;

export const ORG_AUDIT_USAGE = `sgdrift audit --accounts FILE --role-name NAME [--regions R1,R2] [--concurrency N] [--baseline FILE]
              [--check ID]... [--format text|json] [--fail-on CRITICAL|HIGH|MEDIUM|LOW|none]
  Audits every account × region of an accounts map (baselines/accounts.yml) on live AWS: assumes
  arn:aws:iam::<account>:role/NAME (session ${ORG_AUDIT_SESSION_NAME}), judges each region by the account's
  environment, at most N (default ${DEFAULT_CONCURRENCY}) at a time. Accounts listed by id only: OU entries are not expanded.
  Exit 0: everything audited, no finding at or above --fail-on; 1: there is one; 3: no such finding,
  but an account-region could not be audited (named in the output); 2: bad usage or input.`;

/** Whether `sgdrift audit` was asked for the organization audit (`--accounts`). */
export function wantsOrgAudit(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--accounts' || arg.startsWith('--accounts='));
}

/** `sgdrift audit --accounts`: the daily organization audit, from a workstation. */
export async function orgAuditCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, {
    accounts: { type: 'string' },
    'role-name': { type: 'string' },
    regions: { type: 'string' },
    concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
    baseline: { type: 'string', short: 'b' },
    check: { type: 'string', multiple: true },
    format: { type: 'string', short: 'f', default: 'text' },
    'fail-on': { type: 'string', default: 'LOW' },
    // Declared to be refused by name rather than as unknown options.
    snapshot: { type: 'string', short: 's' },
    environment: { type: 'string', short: 'e' },
    'sg-name': { type: 'string', multiple: true },
  });
  noPositionals('audit', positionals);
  for (const refused of ['snapshot', 'environment', 'sg-name'] as const) {
    if (values[refused] !== undefined)
      throw new InputError(`audit: --${refused} cannot be used with --accounts`);
  }
  const accountsFile = required('audit', 'accounts', values.accounts);
  // Made first: a role name IAM would refuse is refused before any file is read.
  const clients = createCrossAccountClients({
    roleName: required('audit', 'role-name', values['role-name']),
    sessionName: ORG_AUDIT_SESSION_NAME,
    readOnly: true,
  });
  const regions = values.regions === undefined ? undefined : parseRegions(values.regions);
  const concurrency = parseConcurrency(values.concurrency);
  const format = oneOf('audit', 'format', values.format, FORMATS);
  const failOn = oneOf('audit', 'fail-on', values['fail-on'].toUpperCase(), FAIL_ON);
  const checks = selectChecks(values.check);

  const baselineFile = values.baseline ?? DEFAULT_BASELINE_FILE;
  if (baselineFile.endsWith('.json')) {
    throw new InputError(
      `audit: ${baselineFile}: --accounts needs the YAML baseline (it judges several environments)`,
    );
  }
  const maxBytes = inputLimit();
  const document = loadBaselineFile(baselineFile, { maxBytes });
  const map = loadAccountsFile(accountsFile, Object.keys(document.environments), maxBytes);
  const targets = listedTargets(map);
  const baselines = new Map<string, EnvironmentBaseline>();
  for (const target of targets) {
    if (!baselines.has(target.environment)) {
      baselines.set(target.environment, forEnvironment(document, target.environment));
    }
  }
  const unexpandedUnits = [...map.organizationalUnits.keys()];
  if (unexpandedUnits.length > 0) {
    io.stderr(
      `sgdrift: note: ${accountsFile}: ${unexpandedUnits.length} organizational unit(s) not expanded from a workstation; only accounts listed by id are audited`,
    );
  }

  if (targets.length === 0) {
    io.stderr(`sgdrift: ${accountsFile}: no account listed by id: nothing was audited`);
  }
  const outcomes = await auditAccountRegions(
    accountRegionItems(targets, regions),
    {
      readerFor: (accountId, region) => clients.readerFor(accountId, region),
      baselineFor: (environment) => baselines.get(environment) as EnvironmentBaseline,
    },
    concurrency,
    { checks },
  );
  const summary = summarize(outcomes, unexpandedUnits);
  io.stdout(
    format === 'json' ? renderOrganizationJson(outcomes, summary) : renderOrganizationText(outcomes, summary),
  );
  return exitCode(outcomes, failOn);
}

/**
 * 1 over any finding at or above `failOn`; else 3 if an account-region was not audited, or none was
 * (a map of OUs only: nothing looked at is not clean); else 0.
 */
export function exitCode(outcomes: readonly AccountRegionOutcome[], failOn: string): number {
  if (outcomes.length === 0) return OrgAuditExit.NotAudited;
  const failing =
    failOn !== 'NONE' &&
    outcomes.some(
      (outcome) =>
        outcome.status === 'audited' &&
        outcome.result.findings.some((finding) => reaches(finding.severity, failOn as Severity)),
    );
  if (failing) return OrgAuditExit.Findings;
  if (outcomes.some((outcome) => outcome.status !== 'audited')) return OrgAuditExit.NotAudited;
  return OrgAuditExit.Clean;
}

function parseRegions(text: string): string[] {
  const regions = [...new Set(text.split(',').map((region) => region.trim()))];
  const bad = regions.find((region) => !isRegion(region));
  if (bad !== undefined)
    throw new InputError(`audit: --regions: '${bad}' is not a region name (eu-west-1, us-east-1, …)`);
  return regions;
}

function parseConcurrency(text: string): number {
  // Digits only: Number() would also take `0x10`, `1e1` and ` 8 `.
  const value = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new InputError(
      `audit: --concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got '${text}')`,
    );
  }
  return value;
}
