/**
 * Connection and request timeouts for an AWS client, sized per call by its adapter so that a
 * function's worst case (every attempt timing out) ends before the function's own timeout.
 * `throwOnRequestTimeout`: without it the SDK only logs a breached request timeout and keeps
 * waiting, so a silent endpoint would hold the call until Lambda kills the function.
 */
export interface CallTimeouts {
  connectionMs: number;
  requestMs: number;
  maxAttempts: number;
}

/** The client configuration for these timeouts (spread into the client's constructor). */
export function clientTimeouts(timeouts: CallTimeouts) {
  return {
    maxAttempts: timeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectionMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * The SDK's wait before retry i (from 0) is a random share of min(base × 2^i, 20 s), the base 50 ms,
 * or 1 s after a throttling error (@smithy/core's Retry.delay and Retry.throttlingDelay): bounded by
 * the throttled series.
 */
const THROTTLED_BACKOFF_BASE_MS = 1000;
const MAX_BACKOFF_MS = 20_000;

/** The most the SDK can wait between the attempts of one call. */
export function backoffBoundMs(maxAttempts: number): number {
  let total = 0;
  for (let retry = 0; retry < maxAttempts - 1; retry += 1) {
    total += Math.min(THROTTLED_BACKOFF_BASE_MS * 2 ** retry, MAX_BACKOFF_MS);
  }
  return total;
}

/**
 * The longest a call with these timeouts can take: every attempt used and timed out, every wait
 * between them at its longest. (The adaptive retry mode's rate limiter can add to it under
 * sustained throttling; the readers that use it run under a time budget.)
 */
export function worstCaseMs(timeouts: CallTimeouts): number {
  return (
    timeouts.maxAttempts * (timeouts.connectionMs + timeouts.requestMs) + backoffBoundMs(timeouts.maxAttempts)
  );
}
