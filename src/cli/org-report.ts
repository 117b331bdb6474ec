/**
 * The organization audit's output: one section per account-region (the single-account text report,
 * or why it could not be audited), then the totals; or one JSON document. Account names and AWS error
 * messages are untrusted display text: they pass through the one sanitiser.
 */
import type { AccountRegionOutcome } from '../app/audit-account-region';
import { recordOf } from '../app/org-audit-item';
import { displayJson, displayLines } from '../model/display-text';
import { orgTotals, type SeverityCounts } from '../notify/org-digest';
import { toJsonReport } from '../report/json';
import { renderText } from '../report/text';

export interface OrganizationSummary {
  accountRegions: number;
  audited: number;
  notAudited: number;
  findings: SeverityCounts;
  /** OU entries of the map the CLI did not expand into accounts (see README). */
  organizationalUnitsNotExpanded: string[];
}

/** Totals over every outcome, as the organization digest counts them. */
export function summarize(
  outcomes: readonly AccountRegionOutcome[],
  unexpandedUnits: readonly string[],
): OrganizationSummary {
  return { ...orgTotals(outcomes.map(recordOf)), organizationalUnitsNotExpanded: [...unexpandedUnits] };
}

function heading(outcome: AccountRegionOutcome): string {
  const name = outcome.accountName === undefined ? '' : ` (${outcome.accountName})`;
  return `## account ${outcome.accountId}${name} · ${outcome.region} · environment ${outcome.environment}`;
}

/** One section per account-region, then the totals and the list of what was not audited. */
export function renderOrganizationText(
  outcomes: readonly AccountRegionOutcome[],
  summary: OrganizationSummary,
): string {
  const sections = outcomes.map((outcome) =>
    outcome.status === 'audited'
      ? `${displayLines([heading(outcome)])}\n\n${renderText(outcome.result)}`
      : `${displayLines([heading(outcome), `NOT AUDITED: ${outcome.failure.code}: ${outcome.failure.message}`])}\n`,
  );
  const { findings } = summary;
  const totals = [
    `Organization audit: ${summary.accountRegions} account-regions, ${summary.audited} audited, ${summary.notAudited} not audited`,
    `Findings: CRITICAL ${findings.CRITICAL}, HIGH ${findings.HIGH}, MEDIUM ${findings.MEDIUM}, LOW ${findings.LOW}`,
    ...outcomes.flatMap((outcome) =>
      outcome.status === 'audited'
        ? []
        : [`Not audited: ${outcome.accountId} ${outcome.region}: ${outcome.failure.code}`],
    ),
    ...summary.organizationalUnitsNotExpanded.map(
      (unit) => `Not expanded: organizational unit ${unit} (list its accounts under accounts:)`,
    ),
  ];
  return `${sections.join('\n')}\n${displayLines(totals)}\n`;
}

/** One JSON document: the totals and, per account-region, its JSON report or its failure. */
export function renderOrganizationJson(
  outcomes: readonly AccountRegionOutcome[],
  summary: OrganizationSummary,
): string {
  const accountRegions = outcomes.map((outcome) => {
    const item = {
      accountId: outcome.accountId,
      accountName: outcome.accountName,
      region: outcome.region,
      environment: outcome.environment,
      status: outcome.status,
    };
    return outcome.status === 'audited'
      ? { ...item, report: toJsonReport(outcome.result) }
      : { ...item, failure: { ...outcome.failure } };
  });
  return `${displayJson({ summary, accountRegions }, undefined, 2)}\n`;
}
