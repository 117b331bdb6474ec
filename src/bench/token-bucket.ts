/**
 * A token bucket as EC2 and STS throttle with: `capacity` tokens, refilled continuously at
 * `refillPerSecond` up to the capacity; a request takes one token or is throttled. Time is passed
 * in (simulated milliseconds), never read from a clock.
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;

  /** Holds `initialLevel` tokens at `startMs` (a bucket another client just emptied starts at 0). */
  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    initialLevel = capacity,
    startMs = 0,
  ) {
    this.level = initialLevel;
    this.updatedAt = startMs;
  }

  /** Takes one token at `nowMs`; false when the bucket is empty (the request is throttled). */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.level < 1) return false;
    this.level -= 1;
    return true;
  }

  /** Tokens another client spent at `nowMs` (a neighbour's burst); the level never goes below 0. */
  drain(nowMs: number, tokens: number): void {
    this.refill(nowMs);
    this.level = Math.max(0, this.level - tokens);
  }

  private refill(nowMs: number): void {
    if (nowMs > this.updatedAt) {
      this.level = Math.min(
        this.capacity,
        this.level + ((nowMs - this.updatedAt) / 1000) * this.refillPerSecond,
      );
      this.updatedAt = nowMs;
    }
  }
}
