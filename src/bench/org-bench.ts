/**
 * `npm run bench`'s organization part: 1,000 accounts × 17 regions audited on simulated AWS (see
 * org-simulation.ts and docs/decisions.md for the model) at several MaxConcurrency values, the
 * chosen one giving the figures; and each kind of item run alone in a child process for its peak
 * memory. Goals: ≤ 15 simulated minutes, ≤ 20 EC2 calls per account-region, no throttling failure.
 */
import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../baseline/loader';
import { figuresOfChild } from './child-figures';
import { DEFAULT_ORGANIZATION, EstateKind, organizationItems } from './org-estate';
import { isThrottleFailure, type OrgItemRecord, simulateOrganization } from './org-simulation';

/** The Distributed Map's MaxConcurrency the deployment should use (the trade-off is printed). */
export const ORG_MAX_CONCURRENCY = 100;
export const CONCURRENCY_SWEEP = [10, ORG_MAX_CONCURRENCY, 400, 1_000] as const;

export interface SweepRow {
  concurrency: number;
  wallMinutes: number;
  maxEc2Calls: number;
  ec2Throttles: number;
  stsThrottles: number;
  throttleFailures: number;
  notAudited: number;
}

export interface KindRow {
  kind: EstateKind;
  items: number;
  maxGroups: number;
  maxRules: number;
  medianEc2Calls: number;
  maxEc2Calls: number;
  maxItemSeconds: number;
  peakRssMb: number;
}

export interface OrgBenchFigures {
  accounts: number;
  regions: number;
  sweep: SweepRow[];
  chosen: SweepRow;
  kinds: KindRow[];
}

export async function runOrgBench(): Promise<OrgBenchFigures> {
  const baseline = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
  const items = organizationItems(DEFAULT_ORGANIZATION);
  const sweep: SweepRow[] = [];
  let chosenItems: OrgItemRecord[] = [];
  for (const concurrency of CONCURRENCY_SWEEP) {
    const run = await simulateOrganization({ items, baseline, concurrency });
    sweep.push({
      concurrency,
      wallMinutes: run.wallMs / 60_000,
      maxEc2Calls: Math.max(...run.items.map((item) => item.counts.ec2Requests)),
      ec2Throttles: run.totals.ec2Throttles,
      stsThrottles: run.totals.stsThrottles,
      throttleFailures: run.items.filter(isThrottleFailure).length,
      notAudited: run.items.filter((item) => item.status !== 'audited').length,
    });
    if (concurrency === ORG_MAX_CONCURRENCY) chosenItems = run.items;
  }
  const kinds: KindRow[] = [];
  for (const kind of Object.values(EstateKind)) {
    const ofKind = chosenItems.filter((item) => item.kind === kind);
    const calls = ofKind.map((item) => item.counts.ec2Requests).sort((a, b) => a - b);
    const memory = await figuresOfChild('org-item', [kind]);
    kinds.push({
      kind,
      items: ofKind.length,
      maxGroups: Math.max(...ofKind.map((item) => item.groups)),
      maxRules: Math.max(...ofKind.map((item) => item.rules)),
      medianEc2Calls: calls[Math.floor(calls.length / 2)] ?? 0,
      maxEc2Calls: calls[calls.length - 1] ?? 0,
      maxItemSeconds: Math.max(...ofKind.map((item) => item.ms)) / 1000,
      peakRssMb: memory.peakRssMb ?? 0,
    });
  }
  return {
    accounts: DEFAULT_ORGANIZATION.accounts,
    regions: DEFAULT_ORGANIZATION.regions.length,
    sweep,
    chosen: sweep.find((row) => row.concurrency === ORG_MAX_CONCURRENCY) as SweepRow,
    kinds,
  };
}

/** In a child process: the largest item of one kind, alone, so the process's peak RSS is the item's. */
export async function orgItemTask(kind: string): Promise<Record<string, number>> {
  const baseline = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
  const candidates = organizationItems({ ...DEFAULT_ORGANIZATION, neighbourShare: 0 }).filter(
    (item) => item.estate.kind === kind,
  );
  const largest = candidates.reduce<(typeof candidates)[number] | undefined>(
    (best, item) => (best && best.estate.groups >= item.estate.groups ? best : item),
    undefined,
  );
  if (!largest) throw new Error(`no account-region of kind ${kind}`);
  const run = await simulateOrganization({ items: [largest], baseline, concurrency: 1 });
  return { groups: run.items[0]?.groups ?? 0, rules: run.items[0]?.rules ?? 0 };
}
