import type { AuditResult, SuppressedFinding } from '../report/audit-result';
import { type JsonReport, toJsonReport } from '../report/json';
import { renderText } from '../report/text';
import { cutText, SNS_MAX_MESSAGE_BYTES, SNS_MAX_SUBJECT_CHARS, safeSubject } from './limits';
import type { OutgoingAlert } from './outgoing-alert';
import { snsMessageBody } from './sns-message';

/** The machine-readable daily digest (the `sqs`/`lambda`/`https` copies of the message). */
export interface AuditDigestJson extends JsonReport {
  kind: 'audit';
  /** Findings left out, the least severe first, to keep the message under the SNS limit. */
  omittedFindings: number;
  /** Suppressed findings left out; only when even no findings at all did not fit. */
  omittedSuppressed: number;
}

// sqs, lambda and https: see snsMessageBody.
const SNS_MACHINE_PROTOCOLS = 3;
// The fewest bytes one finding can add to one JSON copy: every key, empty values, escaped once more
// because the JSON travels as a string inside the SNS message.
const SMALLEST_FINDING_BYTES =
  JSON.stringify(
    JSON.stringify({
      check: '',
      severity: 'LOW',
      groupId: null,
      groupName: null,
      role: null,
      direction: null,
      rule: null,
      baselineRuleId: null,
      message: '',
      compliance: [],
      remediation: '',
      exposure: null,
    }),
  ).length - 2;
const CUT_NOTE =
  '\n… report cut to fit the SNS message size limit; run `sgdrift audit` for the full report.\n';

/** The UTF-8 size of the SNS message an alert becomes. */
export function digestMessageBytes(alert: OutgoingAlert): number {
  // The publisher's own builder, so the size checked is the size published.
  return Buffer.byteLength(snsMessageBody(alert), 'utf8');
}

/**
 * The ONE daily digest of an audit: subject with the counts, the seed's text report for people,
 * the JSON for machines. Past the SNS limit it keeps the most severe findings that fit.
 */
export function buildAuditDigest(
  result: AuditResult,
  maxBytes: number = SNS_MAX_MESSAGE_BYTES,
): OutgoingAlert {
  const report = toJsonReport(result);
  const total = report.findings.length;
  const subject = digestSubject(result);
  const attributes = {
    kind: 'audit',
    environment: result.environment,
    severity: report.findings[0]?.severity ?? 'NONE',
  };

  const jsonOf = (kept: number, suppressed: SuppressedFinding[] = report.suppressed): AuditDigestJson => ({
    kind: 'audit',
    ...report,
    findings: kept === total ? report.findings : report.findings.slice(0, kept),
    suppressed,
    omittedFindings: total - kept,
    omittedSuppressed: report.suppressed.length - suppressed.length,
  });
  const digest = (kept: number, suppressed?: SuppressedFinding[]): OutgoingAlert => ({
    subject,
    text: renderText(result, kept === total ? {} : { maxFindings: kept }),
    json: jsonOf(kept, suppressed),
    attributes,
  });
  // Each candidate is rendered once; the fitting ones are kept so the answer is not rendered again.
  const fitting = new Map<number, OutgoingAlert>();
  const measure = (kept: number): number => {
    const alert = digest(kept);
    const bytes = digestMessageBytes(alert);
    if (bytes <= maxBytes) fitting.set(kept, alert);
    return bytes;
  };

  // A cheap lower bound first: when even the smallest findings cannot all fit, the full text report
  // (the costliest render, megabytes on a large estate) is never drawn.
  const leastBytes = total * SNS_MACHINE_PROTOCOLS * SMALLEST_FINDING_BYTES;
  const allBytes = leastBytes > maxBytes ? leastBytes : measure(total);
  const everything = fitting.get(total);
  if (everything) return everything;
  const noneBytes = measure(0);
  if (noneBytes > maxBytes) return cutToFit(digest(0, []), maxBytes);
  const kept = mostFindingsThatFit(total, maxBytes, measure, noneBytes, allBytes);
  return fitting.get(kept) ?? digest(kept);
}

/**
 * The largest number of findings whose message fits, given that 0 fits and `total` does not.
 * Size grows about linearly with findings, so interpolation lands close in two or three renders;
 * bisection takes over whenever a guess fails to halve the interval, bounding the renders.
 */
function mostFindingsThatFit(
  total: number,
  maxBytes: number,
  bytesOf: (kept: number) => number,
  bytesOfNone: number,
  bytesOfAll: number,
): number {
  let low = 0;
  let lowBytes = bytesOfNone;
  let high = total;
  let highBytes = bytesOfAll;
  let bisect = false;
  while (high - low > 1) {
    const width = high - low;
    const interpolated = low + Math.floor(((maxBytes - lowBytes) / (highBytes - lowBytes)) * width);
    const guess = bisect ? low + Math.floor(width / 2) : Math.min(high - 1, Math.max(low + 1, interpolated));
    const bytes = bytesOf(guess);
    if (bytes <= maxBytes) {
      low = guess;
      lowBytes = bytes;
    } else {
      high = guess;
      highBytes = bytes;
    }
    bisect = high - low > width / 2;
  }
  return low;
}

// Only when the groups' own rules outgrow the limit (thousands of rules on baseline groups): the
// text is cut and says so; the JSON still carries the summary.
function cutToFit(alert: OutgoingAlert, maxBytes: number): OutgoingAlert {
  let text = alert.text;
  let bytes = digestMessageBytes(alert);
  while (bytes > maxBytes && text.length > CUT_NOTE.length) {
    const keep = Math.floor(text.length * (maxBytes / bytes) * 0.95) - CUT_NOTE.length;
    text = `${cutText(text, Math.max(0, keep))}${CUT_NOTE}`;
    bytes = digestMessageBytes({ ...alert, text });
  }
  return { ...alert, text };
}

/**
 * `[NON-COMPLIANT] production security group audit 2025-12-27: 1 critical, 0 high, 2 medium, 0 low`.
 * Large counts or a long environment name can pass SNS's 99 characters: then "security group"
 * becomes "SG" before anything is cut, so the counts stay readable.
 */
function digestSubject(result: AuditResult): string {
  const counts = result.summary.findings;
  const status = result.compliant ? 'COMPLIANT' : 'NON-COMPLIANT';
  const tail =
    `audit ${dateOf(result.generatedAt)}: ${counts.CRITICAL} critical, ${counts.HIGH} high, ` +
    `${counts.MEDIUM} medium, ${counts.LOW} low`;
  const full = `[${status}] ${result.environment} security group ${tail}`;
  return safeSubject(
    full.length <= SNS_MAX_SUBJECT_CHARS ? full : `[${status}] ${result.environment} SG ${tail}`,
  );
}

function dateOf(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 10);
}
