/**
 * One account-region at AWS's default quota ceiling (2,500 groups × 120 rules = 300,000 rules),
 * read THROUGH THE SDK (the real `createEc2Reader` and EC2Client) from XML pages of MaxResults on a
 * local endpoint, then audited. The item runs in a child process, so its peak RSS is what the item
 * function would need; the endpoint runs in this (the parent) process and costs the item nothing.
 * Three cold runs: the CPU figure is their median (this machine's CPU time drifts 15-25% from one
 * run to the next), the memory figure their largest. Goals: peak RSS ≤ 384 MB (the function has
 * 512 MB), ≤ 2 s CPU.
 */

import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { auditAccountRegion } from '../app/audit-account-region';
import { createEc2Reader } from '../aws/ec2-reader';
import { allItems, pages } from '../aws/pages';
import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../baseline/loader';
import { normalizeGroup } from '../model/normalize';
import { startCeilingEndpoint } from './ceiling-endpoint';
import { figuresOfChild } from './child-figures';

export interface CeilingFigures {
  groups: number;
  rules: number;
  findings: number;
  /** CPU of the item (reads through the SDK, normalize, evaluate), ms: the median run's. */
  itemCpuMs: number;
  /** Each run's CPU, in the order run. */
  runsCpuMs: number[];
  itemWallMs: number;
  /** RSS of the child before the item (Node, the bundle, the baseline), MB: the median run's. */
  rssBeforeItemMb: number;
  /** The child's peak RSS, MB: the largest run's. */
  peakRssMb: number;
  describeSecurityGroupsPages: number;
  describeNetworkInterfacesPages: number;
  /**
   * Peak RSS, MB, of the same item when every page goes to the SDK's deserializer and normalizeGroup
   * (what the reader falls back to for an answer it declines), by groups a page: why pages are 250.
   */
  fallbackPeakRssMb: Record<number, number>;
}

/** Group page sizes the fallback is measured at: the reader's 250, and DescribeSecurityGroups' 1,000. */
const FALLBACK_PAGE_SIZES = [250, 1000];

/** Cold runs of the item, each in a child process of its own. */
const RUNS = 3;

/** Serves the ceiling estate locally and runs the item in child processes against it. */
export async function runCeilingBench(): Promise<CeilingFigures> {
  const endpoint = await startCeilingEndpoint();
  // The child's SDK reads the local endpoint, with credentials it only signs with.
  const childEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALBENCH',
    AWS_SECRET_ACCESS_KEY: 'local-bench-secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  try {
    const runs: Record<string, number>[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push(await figuresOfChild('ceiling-item', [], childEnv));
    }
    const groupPagesOfOneRun = (endpoint.requests.get('DescribeSecurityGroups') ?? 0) / RUNS;
    const interfacePagesOfOneRun = (endpoint.requests.get('DescribeNetworkInterfaces') ?? 0) / RUNS;
    const fallbackPeakRssMb: Record<number, number> = {};
    for (const size of FALLBACK_PAGE_SIZES) {
      const figures = await figuresOfChild('ceiling-fallback-item', [String(size)], childEnv);
      fallbackPeakRssMb[size] = figures.peakRssMb ?? 0;
    }
    const cpu = (figures: Record<string, number>) => figures.itemCpuMs ?? 0;
    const median = [...runs].sort((a, b) => cpu(a) - cpu(b))[Math.floor(RUNS / 2)] ?? {};
    return {
      groups: median.groups ?? 0,
      rules: median.rules ?? 0,
      findings: median.findings ?? 0,
      itemCpuMs: cpu(median),
      runsCpuMs: runs.map(cpu),
      itemWallMs: median.itemWallMs ?? 0,
      rssBeforeItemMb: median.rssBeforeItemMb ?? 0,
      peakRssMb: Math.max(...runs.map((figures) => figures.peakRssMb ?? 0)),
      describeSecurityGroupsPages: groupPagesOfOneRun,
      describeNetworkInterfacesPages: interfacePagesOfOneRun,
      fallbackPeakRssMb,
    };
  } finally {
    await endpoint.stop();
  }
}

/**
 * In the child: the ceiling item with every group page read by the SDK's deserializer and
 * normalizeGroup, `size` groups a page: the memory of the fallback for answers the reader declines.
 */
export async function ceilingFallbackItemTask(size: number): Promise<Record<string, number>> {
  const baseline = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
  const client = new EC2Client({});
  const reader = {
    ...createEc2Reader(client),
    listGroups: () =>
      allItems(
        pages(
          'DescribeSecurityGroups',
          (NextToken) => client.send(new DescribeSecurityGroupsCommand({ MaxResults: size, NextToken })),
          500,
        ),
        (page) => (page.SecurityGroups ?? []).map((raw) => normalizeGroup(raw)),
      ),
  };
  const outcome = await auditAccountRegion(
    { accountId: '100000000000', accountName: undefined, region: 'us-east-1', environment: 'production' },
    { readerFor: () => reader, baselineFor: () => baseline },
  );
  if (outcome.status !== 'audited') throw new Error(`not audited: ${outcome.failure.code}`);
  return { rules: outcome.result.summary.rules };
}

/** In the child: the audit item of the ceiling account-region, through the SDK (endpoint from the environment). */
export async function ceilingItemTask(): Promise<Record<string, number>> {
  const baseline = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
  const reader = createEc2Reader();
  const rssBeforeItemMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await auditAccountRegion(
    { accountId: '100000000000', accountName: undefined, region: 'us-east-1', environment: 'production' },
    { readerFor: () => reader, baselineFor: () => baseline },
  );
  const itemWallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (outcome.status !== 'audited') {
    throw new Error(`the ceiling item was not audited: ${outcome.failure.code} ${outcome.failure.message}`);
  }
  return {
    groups: outcome.result.summary.groups,
    rules: outcome.result.summary.rules,
    findings: outcome.result.findings.length,
    itemCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    itemWallMs: Math.round(itemWallMs),
    rssBeforeItemMb,
  };
}
