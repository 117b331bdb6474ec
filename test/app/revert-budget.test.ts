import type { RuleWriteResult, SecurityGroupRuleReader, SecurityGroupWriter } from '../../src/app/ports';
import { revertDrift } from '../../src/app/revert';
import { auditEstate } from '../../src/app/run-audit';
import { TimeBudget } from '../../src/app/time-budget';
import type { Rule } from '../../src/model/types';
import { addRule, compliantEstate, ingress, NOW, productionBaseline, WORLD_V4 } from '../rules/helpers';

const DATABASE = 'sg-database';
const WORLD_5432: Rule = { ...ingress('tcp', 5432, 5432, WORLD_V4), ruleId: 'sgr-00000000000000001' };
const WORLD_22: Rule = { ...ingress('tcp', 22, 22, WORLD_V4), ruleId: 'sgr-00000000000000002' };
/** The change function's timeout and the reserve its handler keeps for the publish and the metrics. */
const FUNCTION_TIMEOUT_MS = 10_000;
const ALERT_RESERVE_MS = 3_500;
/** What one throttled revoke cost before: five adaptive attempts, about 9 s. */
const THROTTLED_CALL_MS = 9_000;
const THROTTLED: RuleWriteResult = {
  status: 'failed',
  code: 'RequestLimitExceeded',
  message: 'Request limit exceeded.',
};
const ENFORCE = { mode: 'enforce', maxRules: 10, restoreMissing: false } as const;

/** Two world-open rules on the database group: two revokes to make. */
function drift() {
  const baseline = productionBaseline();
  const estate = addRule(addRule(compliantEstate(baseline), DATABASE, WORLD_5432), DATABASE, WORLD_22);
  const audit = auditEstate(baseline, estate, { now: NOW });
  const rules = estate.groups.find((group) => group.groupId === DATABASE)?.rules ?? [];
  return { drift: { baseline, resolution: audit.resolution, findings: audit.findings }, rules };
}

/** An invocation clock: the time spent so far, advanced by the fake EC2 calls. */
function invocation() {
  const clock = { elapsedMs: 0 };
  const budget = new TimeBudget(() => FUNCTION_TIMEOUT_MS - clock.elapsedMs, ALERT_RESERVE_MS);
  return { clock, budget };
}

function reader(rules: Rule[]): SecurityGroupRuleReader & { calls: number } {
  const read = {
    calls: 0,
    async describeGroupRules() {
      read.calls += 1;
      return new Map([[DATABASE, rules]]);
    },
  };
  return read;
}

/** EC2 throttling every revoke: each call costs `THROTTLED_CALL_MS` of the invocation's time. */
function throttlingWriter(clock: { elapsedMs: number }): SecurityGroupWriter & { calls: number } {
  const writer = {
    calls: 0,
    async revokeRule() {
      writer.calls += 1;
      clock.elapsedMs += THROTTLED_CALL_MS;
      return THROTTLED;
    },
    async authorizeRule() {
      return THROTTLED;
    },
  };
  return writer;
}

describe('app: revertDrift within a time budget', () => {
  it('stops before the reserve, reporting every step not done; the alert still has its time', async () => {
    const { drift: input, rules } = drift();
    const { clock, budget } = invocation();
    const read = reader(rules);
    const writer = throttlingWriter(clock);
    const report = await revertDrift(input, { rules: read, writer }, ENFORCE, budget);

    expect(writer.calls).toBe(1); // the second revoke never starts
    expect(read.calls).toBe(1); // and no verification read
    expect(report.status).toBe('incomplete');
    expect(report.summary).toBe(
      'revert incomplete: time budget: reverted 0, restored 0, already settled 0, failed 1, not done 1',
    );
    expect(report.verified).toBeNull();
    expect(report.results.map((result) => [result.rule?.ruleId, result.status, result.reason])).toEqual([
      ['sgr-00000000000000001', 'failed', null],
      ['sgr-00000000000000002', 'not-done', 'revert incomplete: time budget'],
    ]);
    // What is left for the publish and the metrics: never less than what the handler reserved.
    expect(FUNCTION_TIMEOUT_MS - clock.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(budget.spendableMs() + ALERT_RESERVE_MS).toBe(FUNCTION_TIMEOUT_MS - clock.elapsedMs);
  });

  it('reports the revokes it made when the verifying read is cut off, not "nothing changed"', async () => {
    const { drift: input, rules } = drift();
    // 50 ms of spendable time in real time: the revokes answer at once, the read after them hangs.
    const budget = new TimeBudget(() => ALERT_RESERVE_MS + 50, ALERT_RESERVE_MS);
    let reads = 0;
    const hangingAfterFirst: SecurityGroupRuleReader = {
      describeGroupRules: () => {
        reads += 1;
        return reads === 1 ? Promise.resolve(new Map([[DATABASE, rules]])) : new Promise(() => {});
      },
    };
    const writer: SecurityGroupWriter = {
      revokeRule: async () => ({ status: 'done' }),
      authorizeRule: async () => THROTTLED,
    };
    const report = await revertDrift(input, { rules: hangingAfterFirst, writer }, ENFORCE, budget);
    expect(reads).toBe(2);
    expect(report).toMatchObject({
      status: 'applied',
      summary:
        'reverted 2, restored 0, already settled 0, failed 0; not verified by a read after (the verifying read after the revert: cut off, the time budget is spent)',
      verified: null,
    });
    expect(report.results.map((result) => result.status)).toEqual(['reverted', 'reverted']);
  });

  it('says why the read after the revert failed, rather than only that it is unverified', async () => {
    const { drift: input, rules } = drift();
    let reads = 0;
    const refusedAfterFirst: SecurityGroupRuleReader = {
      describeGroupRules: async () => {
        reads += 1;
        if (reads === 1) return new Map([[DATABASE, rules]]);
        throw Object.assign(new Error('You are not authorized to perform this operation.'), {
          name: 'UnauthorizedOperation',
        });
      },
    };
    const writer: SecurityGroupWriter = {
      revokeRule: async () => ({ status: 'done' }),
      authorizeRule: async () => THROTTLED,
    };
    const report = await revertDrift(input, { rules: refusedAfterFirst, writer }, ENFORCE);
    expect(report.summary).toBe(
      'reverted 2, restored 0, already settled 0, failed 0; not verified by a read after (UnauthorizedOperation: You are not authorized to perform this operation.)',
    );
  });

  it('with the budget already spent, reads and changes nothing and says so', async () => {
    const { drift: input, rules } = drift();
    const { clock, budget } = invocation();
    clock.elapsedMs = FUNCTION_TIMEOUT_MS - ALERT_RESERVE_MS;
    const read = reader(rules);
    const writer = throttlingWriter(clock);
    const report = await revertDrift(input, { rules: read, writer }, ENFORCE, budget);
    expect([read.calls, writer.calls]).toEqual([0, 0]);
    expect(report).toMatchObject({
      status: 'incomplete',
      summary: 'revert incomplete: time budget: nothing read, nothing changed',
      results: [],
      verified: null,
    });
  });

  it('hands each EC2 call a signal that aborts when the budget is spent; a call cut off is not done', async () => {
    const { drift: input, rules } = drift();
    // 30 ms of spendable time before each call, in real time: the writer waits for the signal like the SDK does.
    const budget = new TimeBudget(() => ALERT_RESERVE_MS + 30, ALERT_RESERVE_MS);
    const signals: (AbortSignal | undefined)[] = [];
    const writer: SecurityGroupWriter = {
      revokeRule: (_groupId, _rule, signal) =>
        new Promise((resolve) => {
          signals.push(signal);
          signal?.addEventListener('abort', () =>
            resolve({ status: 'failed', code: 'AbortError', message: 'Request aborted' }),
          );
        }),
      authorizeRule: async () => THROTTLED,
    };
    const report = await revertDrift(input, { rules: reader(rules), writer }, ENFORCE, budget);
    expect(signals).toHaveLength(2);
    expect(signals.every((signal) => signal?.aborted)).toBe(true);
    for (const result of report.results) {
      expect(result).toMatchObject({
        status: 'not-done',
        reason: 'revert incomplete: time budget',
        error: { code: 'AbortError' },
      });
    }
    expect(report.status).toBe('incomplete');
  });
});
