import { displayJson } from '../model/display-text';
import type { ExposureSummary } from '../model/exposure';
import { type Finding, SEVERITY_ORDER, type Severity } from '../rules/types';
import type { AuditResult, SuppressedFinding } from './audit-result';

/** The machine-readable audit: no estate, no baseline, only what a consumer acts on. */
export type JsonReport = Pick<
  AuditResult,
  'environment' | 'compliant' | 'summary' | 'findings' | 'suppressed' | 'generatedAt'
>;

/** The findings most severe first; findings of equal severity keep their order. */
export function sortBySeverity(findings: readonly Finding[]): Finding[] {
  // A stable bucket sort: one pass, no comparator, which matters at tens of thousands of findings.
  const buckets: Finding[][] = SEVERITY_ORDER.map(() => []);
  for (const finding of findings) buckets[severityRank(finding.severity)]?.push(finding);
  return ([] as Finding[]).concat(...buckets);
}

const RANK: Readonly<Record<Severity, number>> = Object.fromEntries(
  SEVERITY_ORDER.map((severity, index) => [severity, index]),
) as Record<Severity, number>;

/** Index in SEVERITY_ORDER: 0 for CRITICAL. */
function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** The JSON report of an audit, findings most severe first. */
export function toJsonReport(result: AuditResult): JsonReport {
  return {
    environment: result.environment,
    compliant: result.compliant,
    summary: {
      groups: result.summary.groups,
      rules: result.summary.rules,
      findings: { ...result.summary.findings },
    },
    findings: sortBySeverity(result.findings).map(jsonFinding),
    suppressed: result.suppressed.map(jsonSuppressed),
    generatedAt: result.generatedAt,
  };
}

/** The JSON report as text, indented by 2 spaces, safe to print (C1 and bidi characters escaped). */
export function renderJson(result: AuditResult): string {
  return `${displayJson(toJsonReport(result), undefined, 2)}\n`;
}

// Fields are copied by name so that nothing an engine attaches beyond the Finding type leaks out.
/** A finding with exactly the fields of the public JSON shape. */
function jsonFinding(finding: Finding): Finding {
  return {
    check: finding.check,
    severity: finding.severity,
    groupId: finding.groupId,
    groupName: finding.groupName,
    role: finding.role,
    direction: finding.direction,
    rule: finding.rule,
    baselineRuleId: finding.baselineRuleId,
    message: finding.message,
    compliance: [...finding.compliance],
    remediation: finding.remediation,
    ...(finding.tag === undefined ? {} : { tag: finding.tag }),
    exposure: finding.exposure ? jsonExposure(finding.exposure) : null,
  };
}

function jsonExposure(exposure: ExposureSummary): ExposureSummary {
  return {
    interfaces: exposure.interfaces,
    reachable: exposure.reachable,
    resources: [...exposure.resources],
    basis: exposure.basis,
    summary: exposure.summary,
  };
}

function jsonSuppressed(suppressed: SuppressedFinding): SuppressedFinding {
  return {
    finding: jsonFinding(suppressed.finding),
    reason: suppressed.reason,
    owner: suppressed.owner,
    ticket: suppressed.ticket,
    expires: suppressed.expires,
  };
}
