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

/** The SDK's first retry back-off is at most 100 ms (500 ms when throttled); this covers them all. */
const BACKOFF_ALLOWANCE_MS = 500;

/** The longest a call with these timeouts can take, every attempt used and timed out. */
export function worstCaseMs(timeouts: CallTimeouts): number {
  return timeouts.maxAttempts * (timeouts.connectionMs + timeouts.requestMs) + BACKOFF_ALLOWANCE_MS;
}
