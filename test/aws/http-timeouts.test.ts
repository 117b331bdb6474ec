import { Retry } from '@smithy/core/retry';
import { backoffBoundMs, worstCaseMs } from '../../src/aws/http-timeouts';
import { PUBLISH_WORST_CASE_MS } from '../../src/aws/sns';

describe('aws: the worst case of a call, back-off included', () => {
  it("bounds the SDK's waits by its own throttled series (1 s, 2 s, … as the installed SDK has it)", () => {
    const throttled = Retry.throttlingDelay();
    expect(Retry.delay()).toBeLessThanOrEqual(throttled);
    expect(backoffBoundMs(1)).toBe(0);
    expect(backoffBoundMs(3)).toBe(throttled + 2 * throttled);
  });

  it('adds every attempt timed out to the waits between them', () => {
    expect(worstCaseMs({ connectionMs: 500, requestMs: 1500, maxAttempts: 2 })).toBe(2 * 2000 + 1000);
    // docs/auto-revert.md: the alert's reserve is this plus the metrics flush.
    expect(PUBLISH_WORST_CASE_MS).toBe(5000);
  });
});
