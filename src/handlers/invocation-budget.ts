import { METRICS_FLUSH_MS } from '../app/metric-batch';
import { TimeBudget } from '../app/time-budget';
import { PUBLISH_WORST_CASE_MS } from '../aws/sns';

/** The part of Lambda's context the budget reads (absent outside Lambda). */
export interface LambdaContext {
  getRemainingTimeInMillis?: () => number;
}

/**
 * What a change function keeps, out of its remaining time, for the alert: the publish's worst case
 * (every attempt timed out) and the metrics flush. The reads and the revert get the rest
 * (docs/auto-revert.md).
 */
export const ALERT_RESERVE_MS = PUBLISH_WORST_CASE_MS + METRICS_FLUSH_MS;

/**
 * The invocation's budget, keeping `reserveMs` (by default the alert's) for what must still happen;
 * without a Lambda context (a test, a local run) there is no deadline.
 */
export function invocationBudget(context?: LambdaContext, reserveMs = ALERT_RESERVE_MS): TimeBudget {
  const remaining = context?.getRemainingTimeInMillis?.bind(context);
  return remaining ? new TimeBudget(remaining, reserveMs) : TimeBudget.unlimited();
}
