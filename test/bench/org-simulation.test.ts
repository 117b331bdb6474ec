import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../../src/baseline/loader';
import { DEFAULT_ORGANIZATION, EstateKind, organizationItems } from '../../src/bench/org-estate';
import { isThrottleFailure, simulateOrganization } from '../../src/bench/org-simulation';
import { SimulatedClock } from '../../src/bench/simulated-clock';
import { TokenBucket } from '../../src/bench/token-bucket';

const baseline = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];
const tiny = { ...DEFAULT_ORGANIZATION, accounts: 5, regions: REGIONS, ceiling: false };

describe('bench: organization simulation', () => {
  it('audits every account-region of a small organization with the real audit, without a throttle failure', async () => {
    const items = organizationItems({ ...tiny, neighbourShare: 0.3 });
    const run = await simulateOrganization({ items, baseline, concurrency: 4, chargeCompute: false });

    expect(run.items).toHaveLength(15);
    expect(run.items.every((item) => item.status === 'audited')).toBe(true);
    expect(run.items.filter(isThrottleFailure)).toHaveLength(0);
    // One page of groups and one of interfaces at least, far below the 20-call goal.
    const calls = run.items.map((item) => item.counts.ec2Requests);
    expect(Math.min(...calls)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...calls)).toBeLessThanOrEqual(20);
    // Every item assumed its member role once, from the central account.
    expect(run.totals.stsRequests).toBe(15);
    // The home regions hold tens of groups; the others only the default group.
    const audited = run.items.filter((item) => item.kind === EstateKind.Tens);
    expect(audited.length).toBeGreaterThanOrEqual(5);
    expect(audited.every((item) => item.groups >= 5)).toBe(true);
    expect(run.wallMs).toBeGreaterThan(0);
  });

  it('is deterministic when compute is not charged', async () => {
    const items = organizationItems({ ...tiny, neighbourShare: 0.3 });
    const first = await simulateOrganization({ items, baseline, concurrency: 3, chargeCompute: false });
    const second = await simulateOrganization({ items, baseline, concurrency: 3, chargeCompute: false });
    expect(second.wallMs).toBe(first.wallMs);
    expect(second.totals).toEqual(first.totals);
  });

  it('counts an item whose attempts were all throttled as a throttle failure, naming the EC2 code', async () => {
    // A neighbour spending more than the bucket's refill: no token is ever left for the audit.
    const items = organizationItems({ ...tiny, accounts: 1, neighbourShare: 1, neighbourDrainPerSecond: 25 });
    const run = await simulateOrganization({ items, baseline, concurrency: 3, chargeCompute: false });

    expect(run.items.filter(isThrottleFailure)).toHaveLength(3);
    expect(run.items.map((item) => item.failureCode)).toEqual(Array(3).fill('RequestLimitExceeded'));
    // The SDK's three attempts per call, each throttled.
    expect(run.totals.ec2Throttles).toBe(run.totals.ec2Requests);
  });

  it('takes longer with less concurrency', async () => {
    const items = organizationItems(tiny);
    const serial = await simulateOrganization({ items, baseline, concurrency: 1, chargeCompute: false });
    const parallel = await simulateOrganization({ items, baseline, concurrency: 15, chargeCompute: false });
    expect(serial.wallMs).toBeGreaterThan(parallel.wallMs * 5);
  });
});

describe('bench: token bucket', () => {
  it('lets a burst of its capacity through, then refills at its rate', () => {
    const bucket = new TokenBucket(100, 20);
    for (let request = 0; request < 100; request += 1) expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.take(49)).toBe(false);
    expect(bucket.take(50)).toBe(true);
  });
});

describe('bench: simulated clock', () => {
  it('wakes sleepers in simulated-time order and ends at the last wake-up', async () => {
    const clock = new SimulatedClock({ chargeCompute: false });
    const woke: string[] = [];
    const nap = async (name: string, ms: number) => {
      await clock.sleep(ms);
      woke.push(`${name}@${clock.now()}`);
    };
    await clock.run(() => Promise.all([nap('slow', 60_000), nap('fast', 5), nap('middle', 1_000)]));
    expect(woke).toEqual(['fast@5', 'middle@1000', 'slow@60000']);
    expect(clock.now()).toBe(60_000);
  });
});
