import { displayLines, displayText } from '../model/display-text';
import { ruleKey } from '../model/rule-key';
import { Compliance, type Finding, type Severity } from '../rules/types';
import type { AuditResult } from './audit-result';
import { sortBySeverity } from './json';
import { type AuditLabeler, auditLabeler } from './rule-label';

export interface MarkdownOptions {
  /** Who signs the report; default "sgdrift". */
  auditor?: string;
  /** Days from this audit to the next review; default 30 (the seed: "usually 1 month"). */
  nextReviewDays?: number;
}

const DEFAULT_AUDITOR = 'sgdrift';
const DEFAULT_NEXT_REVIEW_DAYS = 30;
const DAY_MS = 86_400_000;

/** The seed's Change Approval Levels, read as how soon a finding of each severity is fixed. */
const REMEDIATION_TIMELINE: Readonly<Record<Severity, string>> = {
  CRITICAL: 'Same day',
  HIGH: 'Within 24 hours',
  MEDIUM: 'Within 48 hours',
  LOW: 'By the next review',
  INFO: 'By the next review',
};

// The template's "Critical Issues" carry a timeline to act on; everything milder is a warning.
const ISSUE_SEVERITIES: ReadonlySet<Severity> = new Set(['CRITICAL', 'HIGH']);
// Findings about a rule that is on a group but not in the baseline: added, or changed into something else.
const MODIFIED_RULE_CHECKS: ReadonlySet<string> = new Set([
  'unexpected-rules',
  'permissive-rules',
  'blocked-egress',
]);

/** The seed's "Audit Report Template", filled from an audit. */
export function renderMarkdown(result: AuditResult, options: MarkdownOptions = {}): string {
  const labels = auditLabeler(result);
  const reviewDays = options.nextReviewDays ?? DEFAULT_NEXT_REVIEW_DAYS;
  const generated = Date.parse(result.generatedAt);
  const findings = sortBySeverity(result.findings);
  const issues = findings.filter((finding) => ISSUE_SEVERITIES.has(finding.severity));
  const warnings = findings.filter((finding) => !ISSUE_SEVERITIES.has(finding.severity));

  const lines = [
    '# Security Group Audit Report',
    '',
    `**Date**: ${day(generated, result.generatedAt)}`,
    `**Auditor**: ${escapeMarkdown(options.auditor ?? DEFAULT_AUDITOR)}`,
    `**Period**: ${day(generated - reviewDays * DAY_MS, result.generatedAt)} – ${day(generated, result.generatedAt)} ` +
      `(state at ${escapeMarkdown(result.generatedAt)})`,
    `**Status**: ${result.compliant ? 'Compliant' : 'Non-Compliant with Issues'}`,
    `**Environment**: ${escapeMarkdown(result.environment)}`,
    '',
    '## Summary',
    `- Total Security Groups: ${result.summary.groups}`,
    `- Total Rules: ${result.summary.rules}`,
    `- Rules Modified: ${countRules(findings.filter((finding) => MODIFIED_RULE_CHECKS.has(finding.check)))}`,
    `- Non-Compliant Rules: ${countRules(findings)}`,
    '',
    '## Findings',
    '',
    '### Critical Issues',
    ...numbered(issues, (finding) => [
      `   - **Rule**: ${ruleOf(finding, labels)}`,
      `   - **Risk**: ${riskOf(finding, labels)}`,
      ...exposureOf(finding),
      `   - **Remediation**: ${escapeMarkdown(finding.remediation)}`,
      `   - **Timeline**: ${REMEDIATION_TIMELINE[finding.severity]}`,
    ]),
    '',
    '### Warnings',
    ...numbered(warnings, (finding) => [
      ...exposureOf(finding),
      `   - **Recommendation**: ${escapeMarkdown(finding.remediation)}`,
      `   - **Timeline**: ${REMEDIATION_TIMELINE[finding.severity]}`,
    ]),
    '',
  ];
  if (result.suppressed.length > 0) {
    lines.push('### Accepted Exceptions');
    result.suppressed.forEach((entry, index) => {
      lines.push(`${index + 1}. ${escapeMarkdown(entry.finding.message)}`);
      lines.push(
        `   - **Exception**: ${escapeMarkdown(entry.reason)} (ticket ${escapeMarkdown(entry.ticket)}, ` +
          `owner ${escapeMarkdown(entry.owner)}, expires ${escapeMarkdown(entry.expires)})`,
      );
    });
    lines.push('');
  }
  lines.push('## Compliance Status');
  for (const framework of Object.values(Compliance)) {
    const breached = findings.some((finding) => finding.compliance.includes(framework));
    lines.push(`- ${framework}: ${breached ? 'Non-Compliant' : 'Compliant'}`);
  }
  lines.push('', '## Next Review Date', day(generated + reviewDays * DAY_MS, result.generatedAt), '');
  // The one sanitiser on every line as well: no newline an attacker wrote can start a list item.
  return displayLines(lines);
}

/**
 * Text from the estate (descriptions, names, tag values) that cannot break or inject Markdown:
 * controls shown as escapes first (their backslash is then escaped, so it shows), then Markdown's
 * own characters: `|` cannot split a table cell, a backtick cannot open a code span.
 */
export function escapeMarkdown(text: string): string {
  return displayText(text)
    .replace(/[\\`*[\]|]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function numbered(findings: readonly Finding[], details: (finding: Finding) => string[]): string[] {
  if (findings.length === 0) return ['None.'];
  return findings.flatMap((finding, index) => [
    `${index + 1}. ${escapeMarkdown(finding.message)}`,
    ...details(finding),
  ]);
}

function ruleOf(finding: Finding, labels: AuditLabeler): string {
  const label = labels.findingLabel(finding);
  if (finding.baselineRuleId !== null) {
    const id = escapeMarkdown(finding.baselineRuleId);
    return label === undefined ? id : `${id} (${escapeMarkdown(label)})`;
  }
  return label === undefined ? 'None (the group as a whole)' : escapeMarkdown(label);
}

function exposureOf(finding: Finding): string[] {
  return finding.exposure ? [`   - **Exposure**: ${escapeMarkdown(finding.exposure.summary)}`] : [];
}

function riskOf(finding: Finding, labels: AuditLabeler): string {
  const where =
    finding.groupId === null
      ? `role ${finding.role ?? 'unknown'}`
      : `${finding.groupName ?? labels.nameOfGroup(finding.groupId) ?? finding.groupId} (${finding.groupId})`;
  const frameworks = finding.compliance.length > 0 ? `; affects ${finding.compliance.join(', ')}` : '';
  return escapeMarkdown(`${finding.severity}: ${finding.check} on ${where}${frameworks}`);
}

// A rule counts once however many checks flag it; a rule that never resolved counts by baseline id.
function countRules(findings: readonly Finding[]): number {
  const keys = new Set<string>();
  for (const finding of findings) {
    if (finding.rule !== null) keys.add(`${finding.groupId ?? finding.role}|${ruleKey(finding.rule)}`);
    else if (finding.baselineRuleId !== null)
      keys.add(`${finding.groupId ?? finding.role}|${finding.baselineRuleId}`);
  }
  return keys.size;
}

function day(time: number, fallback: string): string {
  return Number.isNaN(time) ? escapeMarkdown(fallback) : new Date(time).toISOString().slice(0, 10);
}
