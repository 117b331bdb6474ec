import { exposureSummaries } from '../model/exposure';
import { activeException } from './exceptions';
import { CHECKS } from './registry';
import { withExposure } from './severity';
import {
  type Check,
  type EvaluationContext,
  type Finding,
  SEVERITY_ORDER,
  type SuppressedFinding,
} from './types';

export interface Evaluation {
  findings: Finding[];
  /** Findings an unexpired baseline exception covers: reported apart, never alerted or reverted. */
  suppressed: SuppressedFinding[];
}

/**
 * Runs the checks over one estate, gives each finding its group's exposure (and the severity that
 * follows from it, see `withExposure`), applies the baseline's exceptions, and sorts by severity.
 */
export function evaluate(context: EvaluationContext, checks: readonly Check[] = CHECKS): Evaluation {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const exposureOf = exposureSummaries(context.estate);
  for (const check of checks) {
    for (const checked of check.evaluate(context)) {
      // A check's findings are its own fresh objects: completed in place, not copied (tens of
      // thousands on a large estate).
      const found: Finding = checked;
      found.exposure = found.groupId === null ? null : exposureOf(found.groupId);
      found.severity = withExposure(found.severity, found.role, found.exposure);
      const exception = exceptionFor(found, context);
      if (exception) suppressed.push(exception);
      else findings.push(found);
    }
  }
  findings.sort(bySeverityThenGroup);
  return { findings, suppressed };
}

function exceptionFor(found: Finding, context: EvaluationContext): SuppressedFinding | undefined {
  // An expired exception is itself the finding; nothing suppresses it.
  if (!found.rule || !found.role || found.check === 'expired-exceptions') return undefined;
  const exception = activeException(
    context.baseline.exceptions,
    found.role,
    found.rule,
    context.resolution,
    context.now,
  );
  if (!exception) return undefined;
  const { reason, owner, ticket, expires } = exception;
  return { finding: found, reason, owner, ticket, expires: expires.toISOString() };
}

function bySeverityThenGroup(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    compareText(a.groupName ?? '', b.groupName ?? '') ||
    compareText(a.check, b.check)
  );
}

// Plain code-unit order: deterministic and much cheaper than localeCompare on large estates.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
