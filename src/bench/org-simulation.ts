/**
 * The organization's daily audit on simulated AWS: every account-region is one Distributed Map
 * item (a Lambda invocation) running the real `auditAccountRegion` over the real EC2 reader, at
 * most `concurrency` at a time (the map's MaxConcurrency) through the real `mapWithConcurrency`.
 * Time is simulated (see simulated-clock.ts); the figures are what the organization would see.
 */
import { type AccountRegionItem, auditAccountRegion } from '../app/audit-account-region';
import { mapWithConcurrency } from '../app/bounded-map';
import { createEc2Reader } from '../aws/ec2-reader';
import type { EnvironmentBaseline } from '../baseline/types';
import type { EstateKind, OrgItemSpec } from './org-estate';
import { seededRandom } from './org-estate';
import {
  type CallCounts,
  LATENCY_MS,
  noCalls,
  SimulatedAccountRegion,
  type SimulatedWorld,
  STS_BUCKET,
} from './simulated-aws';
import { SimulatedClock } from './simulated-clock';
import { TokenBucket } from './token-bucket';

export interface OrgSimulationOptions {
  items: readonly OrgItemSpec[];
  baseline: EnvironmentBaseline;
  concurrency: number;
  /** Charge the audit's real compute to the simulated clock (false: deterministic, for tests). */
  chargeCompute?: boolean;
  seed?: number;
}

/** One item's figures. */
export interface OrgItemRecord {
  kind: EstateKind;
  status: 'audited' | 'not-audited';
  failureCode?: string;
  groups: number;
  rules: number;
  ms: number;
  counts: CallCounts;
}

export interface OrgSimulationResult {
  wallMs: number;
  items: OrgItemRecord[];
  totals: CallCounts;
}

/** Throttling error codes: an item that ends with one of them exhausted its attempts. */
const THROTTLING_CODES = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);

export function isThrottleFailure(record: OrgItemRecord): boolean {
  return record.status === 'not-audited' && THROTTLING_CODES.has(record.failureCode ?? '');
}

/** Runs the whole organization once on the simulated clock. */
export async function simulateOrganization(options: OrgSimulationOptions): Promise<OrgSimulationResult> {
  const clock = new SimulatedClock({ chargeCompute: options.chargeCompute ?? true });
  const world: SimulatedWorld = {
    clock,
    random: seededRandom(options.seed ?? 1),
    stsBucket: new TokenBucket(STS_BUCKET.capacity, STS_BUCKET.refillPerSecond),
  };
  let coldSlots = options.concurrency;
  const work = async (spec: OrgItemSpec): Promise<OrgItemRecord> => {
    const started = clock.now();
    const cold = coldSlots > 0;
    coldSlots -= 1;
    await clock.sleep(LATENCY_MS.invoke + (cold ? LATENCY_MS.coldStart : 0));
    const simulated = new SimulatedAccountRegion(spec.estate, world);
    const reader = createEc2Reader(simulated.ec2Client());
    const item: AccountRegionItem = {
      accountId: spec.accountId,
      accountName: undefined,
      region: spec.region,
      environment: options.baseline.environment,
    };
    const outcome = await auditAccountRegion(item, {
      readerFor: () => reader,
      baselineFor: () => options.baseline,
    });
    // Only figures are kept: 17,000 estates held to the end would be the simulation's memory, not the item's.
    return {
      kind: spec.estate.kind,
      status: outcome.status,
      ...(outcome.status === 'not-audited' ? { failureCode: outcome.failure.code } : {}),
      groups: outcome.status === 'audited' ? outcome.result.summary.groups : 0,
      rules: outcome.status === 'audited' ? outcome.result.summary.rules : 0,
      ms: clock.now() - started,
      counts: simulated.counts,
    };
  };
  const items = await clock.run(() => mapWithConcurrency(options.items, options.concurrency, work));
  const totals = noCalls();
  for (const record of items) {
    for (const key of Object.keys(totals) as (keyof CallCounts)[]) totals[key] += record.counts[key];
  }
  return { wallMs: clock.now(), items, totals };
}
