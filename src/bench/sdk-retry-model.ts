/**
 * The AWS SDK v3's retries as the monitor's clients use them (`retryMode: 'adaptive'`, default
 * `maxAttempts` 3), modelled on simulated time. Constants are the SDK's own (@smithy/core retry):
 * a throttling error is retried after `random × min(1000 ms × 2^retry, 20 s)` (full jitter), and
 * adaptive mode turns on a client-side rate limiter after the first throttle whose fill rate is
 * `max(0.5/s, 0.7 × measured send rate)`, the rate measured in half-second buckets and smoothed
 * by 0.8. Simplification, on the slow side: the limiter never speeds up again (CUBIC recovery is
 * left out), which only lengthens the items that were throttled.
 */
import type { SimulatedClock } from './simulated-clock';

export const SDK_RETRY = {
  maxAttempts: 3,
  throttlingDelayBaseMs: 1000,
  maxDelayMs: 20_000,
  beta: 0.7,
  minFillRate: 0.5,
  smooth: 0.8,
} as const;

/** What one call cost: attempts sent, of which throttled; `ok` false when every attempt was throttled. */
export interface CallRecord {
  ok: boolean;
  attempts: number;
  throttles: number;
}

/** One SDK client's retry state (the adaptive limiter belongs to the client, not to the call). */
export class AdaptiveRetry {
  private limited = false;
  private fillRate: number = SDK_RETRY.minFillRate;
  private nextSendAt = 0;
  private measuredRate = 0;
  private countInBucket = 0;
  private bucketStart = 0;

  constructor(
    private readonly clock: SimulatedClock,
    private readonly random: () => number,
  ) {
    this.bucketStart = Math.floor(clock.now() / 500) * 500;
  }

  /**
   * Sends `attempt` until it is not throttled or the attempts are spent. `attempt` resolves true
   * when the service accepted the request, false when it answered with a throttling error.
   */
  async call(attempt: () => Promise<boolean>): Promise<CallRecord> {
    let throttles = 0;
    for (let sent = 1; ; sent += 1) {
      await this.sendToken();
      this.measure();
      if (await attempt()) return { ok: true, attempts: sent, throttles };
      throttles += 1;
      this.onThrottle();
      if (sent >= SDK_RETRY.maxAttempts) return { ok: false, attempts: sent, throttles };
      const cap = Math.min(SDK_RETRY.throttlingDelayBaseMs * 2 ** (sent - 1), SDK_RETRY.maxDelayMs);
      await this.clock.sleep(this.random() * cap);
    }
  }

  private async sendToken(): Promise<void> {
    if (!this.limited) return;
    const now = this.clock.now();
    const at = Math.max(now, this.nextSendAt);
    this.nextSendAt = at + 1000 / this.fillRate;
    if (at > now) await this.clock.sleep(at - now);
  }

  private measure(): void {
    const bucket = Math.floor(this.clock.now() / 500) * 500;
    this.countInBucket += 1;
    if (bucket > this.bucketStart) {
      const rate = this.countInBucket / ((bucket - this.bucketStart) / 1000);
      this.measuredRate = rate * SDK_RETRY.smooth + this.measuredRate * (1 - SDK_RETRY.smooth);
      this.countInBucket = 0;
      this.bucketStart = bucket;
    }
  }

  private onThrottle(): void {
    const rate = this.limited ? Math.min(this.measuredRate, this.fillRate) : this.measuredRate;
    this.fillRate = Math.max(rate * SDK_RETRY.beta, SDK_RETRY.minFillRate);
    this.limited = true;
  }
}
