/**
 * The ONE organization digest of a daily org audit: the worst accounts first with their counts per
 * severity, every account-region that was not audited (and why), and where the full results are.
 * Pure formatting. Account names and AWS error messages are untrusted: they reach the text only
 * through the one sanitiser. Past the SNS size limit, the least bad accounts and the last
 * not-audited entries are left out and counted, never the totals.
 */

import { displayLines } from '../model/display-text';
import { SNS_MAX_MESSAGE_BYTES, safeSubject } from './limits';
import type { OutgoingAlert } from './outgoing-alert';
import { snsMessageBody } from './sns-message';

export const ORG_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type OrgSeverity = (typeof ORG_SEVERITIES)[number];
export type SeverityCounts = Record<OrgSeverity, number>;

/** What one account-region item left behind: counts when audited, the reason when not. */
export interface OrgItemRecord {
  accountId: string;
  accountName: string | null;
  region: string;
  environment: string;
  status: 'audited' | 'not-audited';
  findings: SeverityCounts;
  failure: { code: string; message: string } | null;
}

export interface OrgDigestInput {
  runId: string;
  /** Where the per-item results are (`s3://bucket/runs/…/results/`). */
  resultsUri: string;
  records: readonly OrgItemRecord[];
  /** OU ids of the accounts map Organizations did not know: their accounts were not listed. */
  missingUnits: readonly string[];
}

export interface OrgAccountLine {
  accountId: string;
  accountName: string | null;
  environment: string;
  findings: SeverityCounts;
  regionsAudited: number;
  regionsNotAudited: number;
}

export interface OrgDigestJson {
  kind: 'org-audit';
  runId: string;
  results: string;
  totals: { accountRegions: number; audited: number; notAudited: number; findings: SeverityCounts };
  /** Worst first; accounts left out to fit the size limit are counted in `omittedAccounts`. */
  accounts: OrgAccountLine[];
  notAudited: {
    accountId: string;
    accountName: string | null;
    region: string;
    code: string;
    message: string;
  }[];
  omittedAccounts: number;
  omittedNotAudited: number;
  /** Organizational units not found (the accounts map's, validated ids): never left out. */
  missingUnits: string[];
}

export function zeroCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
}

/** The accounts of the records, worst first: by CRITICAL, HIGH, MEDIUM, LOW, then not-audited regions. */
export function accountsWorstFirst(records: readonly OrgItemRecord[]): OrgAccountLine[] {
  const accounts = new Map<string, OrgAccountLine>();
  for (const record of records) {
    let line = accounts.get(record.accountId);
    if (!line) {
      line = {
        accountId: record.accountId,
        accountName: record.accountName,
        environment: record.environment,
        findings: zeroCounts(),
        regionsAudited: 0,
        regionsNotAudited: 0,
      };
      accounts.set(record.accountId, line);
    }
    if (record.status === 'audited') line.regionsAudited += 1;
    else line.regionsNotAudited += 1;
    for (const severity of ORG_SEVERITIES) line.findings[severity] += record.findings[severity];
  }
  return [...accounts.values()].sort(
    (a, b) =>
      ORG_SEVERITIES.reduce((order, s) => order || b.findings[s] - a.findings[s], 0) ||
      b.regionsNotAudited - a.regionsNotAudited ||
      a.accountId.localeCompare(b.accountId),
  );
}

/** Totals over every record. */
export function orgTotals(records: readonly OrgItemRecord[]): OrgDigestJson['totals'] {
  const findings = zeroCounts();
  let audited = 0;
  for (const record of records) {
    if (record.status === 'audited') audited += 1;
    for (const severity of ORG_SEVERITIES) findings[severity] += record.findings[severity];
  }
  return { accountRegions: records.length, audited, notAudited: records.length - audited, findings };
}

/** The digest, at most `maxBytes` as an SNS message: the most accounts and not-audited entries that fit. */
export function buildOrgDigest(
  input: OrgDigestInput,
  maxBytes: number = SNS_MAX_MESSAGE_BYTES,
): OutgoingAlert {
  const totals = orgTotals(input.records);
  const accounts = accountsWorstFirst(input.records);
  const notAudited = input.records
    .filter((record) => record.status !== 'audited')
    .map((record) => ({
      accountId: record.accountId,
      accountName: record.accountName,
      region: record.region,
      code: record.failure?.code ?? 'Unknown',
      message: record.failure?.message ?? '',
    }));
  const worst = ORG_SEVERITIES.find((severity) => totals.findings[severity] > 0) ?? 'NONE';
  const subject = safeSubject(
    // Missing OUs first: the subject is cut at 99 characters, and they are the news least seen elsewhere.
    'sgdrift org audit: ' +
      (input.missingUnits.length > 0 ? `${input.missingUnits.length} OU(s) NOT found; ` : '') +
      countsText(totals.findings) +
      (totals.notAudited > 0 ? `; ${totals.notAudited} account-region(s) NOT audited` : ''),
  );
  const attributes = { kind: 'audit', scope: 'organization', severity: worst };

  const digestOf = (kept: number): OutgoingAlert => {
    const json: OrgDigestJson = {
      kind: 'org-audit',
      runId: input.runId,
      results: input.resultsUri,
      totals,
      accounts: accounts.slice(0, kept),
      notAudited: notAudited.slice(0, kept),
      omittedAccounts: Math.max(0, accounts.length - kept),
      omittedNotAudited: Math.max(0, notAudited.length - kept),
      missingUnits: [...input.missingUnits],
    };
    return { subject, text: renderOrgDigestText(json), json, attributes };
  };
  const fits = (alert: OutgoingAlert) => Buffer.byteLength(snsMessageBody(alert), 'utf8') <= maxBytes;

  const all = Math.max(accounts.length, notAudited.length);
  const full = digestOf(all);
  if (fits(full)) return full;
  // Binary search of the most entries per list that fit; 0 (totals and the pointer only) always fits.
  let low = 0;
  let high = all;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(digestOf(middle))) low = middle;
    else high = middle;
  }
  return digestOf(low);
}

function countsText(counts: SeverityCounts): string {
  return ORG_SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(', ');
}

function nameOf(accountId: string, accountName: string | null): string {
  return accountName === null ? accountId : `${accountId} (${accountName})`;
}

export function renderOrgDigestText(digest: OrgDigestJson): string {
  const { totals } = digest;
  const lines = [
    `Organization security-group audit ${digest.runId}`,
    `${totals.accountRegions} account-region(s): ${totals.audited} audited, ${totals.notAudited} NOT audited`,
    `Findings: ${countsText(totals.findings)}`,
    `Full results: ${digest.results}`,
    ...(digest.missingUnits?.length
      ? [
          '',
          'Organizational units of the accounts map NOT found in Organizations (their accounts were not listed, so NOT audited):',
          ...digest.missingUnits.map((unit) => `  ${unit}`),
        ]
      : []),
    '',
    'Accounts, worst first:',
    ...digest.accounts.map(
      (account) =>
        `  ${nameOf(account.accountId, account.accountName)} [${account.environment}]: ` +
        `${countsText(account.findings)}; regions audited ${account.regionsAudited}` +
        (account.regionsNotAudited > 0 ? `, NOT audited ${account.regionsNotAudited}` : ''),
    ),
  ];
  if (digest.omittedAccounts > 0) {
    lines.push(`  … ${digest.omittedAccounts} more account(s), less severe: see the full results`);
  }
  if (digest.notAudited.length > 0 || digest.omittedNotAudited > 0) {
    lines.push('', 'Not audited:');
    for (const item of digest.notAudited) {
      lines.push(
        `  ${nameOf(item.accountId, item.accountName)} ${item.region}: ` + `${item.code}: ${item.message}`,
      );
    }
    if (digest.omittedNotAudited > 0) {
      lines.push(`  … ${digest.omittedNotAudited} more: see the full results`);
    }
  }
  // Every line made safe where it is finished: account ids, names and messages come from JSON.
  return `${displayLines(lines)}\n`;
}
