import { TimeBudgetError } from '../errors';

/**
 * The time an invocation may spend on work that can wait (reads, the revert) while leaving a
 * reserve for what cannot (publishing the alert, flushing metrics). Lambda kills a function at its
 * timeout: a revert that spends the reserve would lose the alert.
 */
export class TimeBudget {
  /** No deadline: the CLI, the benchmarks, a test without a Lambda context. */
  static unlimited(): TimeBudget {
    return new TimeBudget(() => Number.POSITIVE_INFINITY, 0);
  }

  /** `ms` from now, with nothing reserved: a bound on one piece of work. */
  static fromNow(ms: number, clock: () => number = () => performance.now()): TimeBudget {
    const end = clock() + ms;
    return new TimeBudget(() => end - clock(), 0);
  }

  /** `remainingMs`: the invocation's time left (Lambda's `getRemainingTimeInMillis`). */
  constructor(
    private readonly remainingMs: () => number,
    readonly reserveMs: number,
  ) {}

  /** Milliseconds left before the reserve; negative once it is being eaten into. */
  spendableMs(): number {
    return this.remainingMs() - this.reserveMs;
  }

  /** Whether another step may start: some spendable time is left. */
  allows(): boolean {
    return this.spendableMs() > 0;
  }

  /** A signal that aborts when the spendable time is spent; none without a deadline. */
  signal(): AbortSignal | undefined {
    const spendable = this.spendableMs();
    return Number.isFinite(spendable) ? AbortSignal.timeout(Math.max(0, Math.floor(spendable))) : undefined;
  }

  /**
   * `work`, or a TimeBudgetError naming `what` once the spendable time is spent. Work given as a
   * function gets the signal that cuts it off: work still running then is abandoned, and must not
   * leave effects behind (it can check `signal.aborted` before making one).
   */
  async within<T>(
    what: string,
    work: Promise<T> | ((signal: AbortSignal | undefined) => Promise<T>),
  ): Promise<T> {
    const signal = this.signal();
    const running = typeof work === 'function' ? work(signal) : work;
    if (!signal) return running;
    let onAbort = () => {};
    const spent = new Promise<never>((_, reject) => {
      onAbort = () => reject(new TimeBudgetError(`${what}: cut off, the time budget is spent`));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([running, spent]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
