import { TimeBudget } from '../../src/app/time-budget';
import { TimeBudgetError } from '../../src/errors';

const never = new Promise<never>(() => {});

describe('app: TimeBudget', () => {
  it('spends the remaining time minus the reserve', () => {
    let remaining = 10_000;
    const budget = new TimeBudget(() => remaining, 5_000);
    expect([budget.spendableMs(), budget.allows()]).toEqual([5_000, true]);
    remaining = 5_000;
    expect([budget.spendableMs(), budget.allows()]).toEqual([0, false]);
  });

  it('cuts off work that outlives it with a TimeBudgetError naming the work', async () => {
    // A fractional clock, as performance.now() is: the abort timer must still be valid.
    let now = 0.25;
    const budget = TimeBudget.fromNow(20.5, () => now);
    now += 0.5;
    await expect(budget.within('the read', never)).rejects.toThrow(
      new TimeBudgetError('the read: cut off, the time budget is spent'),
    );
  });

  it('passes the result of work that ends in time, and has no deadline when unlimited', async () => {
    await expect(TimeBudget.fromNow(1_000).within('the read', Promise.resolve(7))).resolves.toBe(7);
    const unlimited = TimeBudget.unlimited();
    expect([unlimited.allows(), unlimited.signal()]).toEqual([true, undefined]);
    await expect(unlimited.within('the read', Promise.resolve(8))).resolves.toBe(8);
  });

  it('hands work given as a function the signal that cuts it off, aborted when the work is abandoned', async () => {
    let seen: AbortSignal | undefined;
    const cutOff = TimeBudget.fromNow(10).within('the read', (signal) => {
      seen = signal;
      return never;
    });
    await expect(cutOff).rejects.toBeInstanceOf(TimeBudgetError);
    expect(seen?.aborted).toBe(true);
    await expect(
      TimeBudget.unlimited().within('the read', async (signal) => signal),
    ).resolves.toBeUndefined();
  });
});
