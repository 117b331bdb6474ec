/**
 * The daily audit over a synthetic 2,500-group / 50,000-rule estate served from memory: what the
 * Lambda does minus the network. Goal: < 1 s of CPU for evaluation and rendering, peak RSS < 256 MB.
 */

import { runDailyAudit } from '../app/daily-audit';
import { createInMemoryReader } from '../app/in-memory-reader';
import type { MetricDatum, OutgoingAlert, SecurityGroupReader } from '../app/ports';
import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../baseline/loader';
import { createLogger } from '../logger';
import { normalizeNetworkInterfaces } from '../model/interfaces';
import { normalizeGroup, type RawSecurityGroup } from '../model/normalize';
import { readRouteTables } from '../model/route-tables';
import { snsMessageBody } from '../notify/sns-message';

/** The VPC of the bundled baseline's production groups, so synthetic groups are in the audit's scope. */
export const SYNTHETIC_VPC = 'vpc-0123456789abcdef0';
export const BENCH_GROUPS = 2_500;
export const BENCH_RULES_PER_GROUP = 20;
// One group in 50 has SSH open to the world: a few CRITICAL findings among thousands of MEDIUM ones.
const WORLD_SSH_EVERY = 50;

/**
 * `count` groups as DescribeSecurityGroups returns them, `rulesPerGroup` rules each (one egress,
 * the rest ingress from private /24s), none of them a baseline role: a large, untidy account.
 */
export function syntheticGroups(
  count: number,
  rulesPerGroup: number = BENCH_RULES_PER_GROUP,
): RawSecurityGroup[] {
  return Array.from({ length: count }, (_, index) => syntheticGroup(index, rulesPerGroup));
}

/** The `index`th group of `syntheticGroups` (so a paged reader can build one page at a time). */
export function syntheticGroup(
  index: number,
  rulesPerGroup: number = BENCH_RULES_PER_GROUP,
): RawSecurityGroup {
  const ingress = Array.from({ length: rulesPerGroup - 1 }, (_, rule) => {
    const worldSsh = rule === 0 && index % WORLD_SSH_EVERY === 0;
    return {
      IpProtocol: 'tcp',
      FromPort: worldSsh ? 22 : 8000 + rule,
      ToPort: worldSsh ? 22 : 8000 + rule,
      IpRanges: [
        {
          CidrIp: worldSsh ? '0.0.0.0/0' : `10.${index % 256}.${rule}.0/24`,
          Description: `service ${rule} of app ${index}`,
        },
      ],
    };
  });
  return {
    GroupId: syntheticGroupId(index),
    GroupName: `app-${index}-sg`,
    Description: `synthetic group ${index}`,
    OwnerId: '123456789012',
    VpcId: SYNTHETIC_VPC,
    Tags: [
      { Key: 'Name', Value: `app-${index}` },
      { Key: 'Environment', Value: 'production' },
      { Key: 'ManagedBy', Value: 'terraform' },
    ],
    IpPermissions: ingress,
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'all out' }] }],
  };
}

/** A group id that cannot collide with the examples' `sg-0a1b2c3d4e5f6000N`. */
export function syntheticGroupId(index: number): string {
  return `sg-f${index.toString(16).padStart(16, '0')}`;
}

/** What the synthetic account's interface and route-table reads return (CLI JSON shapes). */
export interface SyntheticAttachments {
  interfaces: Record<string, unknown>[];
  /** Absent: the reader has no route tables (reachability rests on public addresses). */
  routeTables?: Record<string, unknown>[];
}

/** One private interface per group, for nine groups in ten; the rest are unused-groups findings. */
function privateInterfaces(raw: readonly RawSecurityGroup[]): SyntheticAttachments {
  const attached = raw.filter((_, index) => index % 10 !== 0);
  return {
    interfaces: attached.map((group, index) => ({
      NetworkInterfaceId: `eni-${index.toString(16).padStart(17, '0')}`,
      Status: 'in-use',
      VpcId: SYNTHETIC_VPC,
      Groups: [{ GroupId: group.GroupId }],
    })),
  };
}

/**
 * Runs the daily audit once on the synthetic estate and returns its figures (ms, MB, counts).
 * `attachments` are what the interface and route-table reads return (default: one private
 * interface for nine groups in ten).
 */
export async function runDailyAuditBench(
  attachments?: SyntheticAttachments,
): Promise<Record<string, number>> {
  const baseline = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
  const raw = syntheticGroups(BENCH_GROUPS);
  const { interfaces, routeTables } = attachments ?? privateInterfaces(raw);
  let readMs = 0;
  let readCpuMicros = 0;
  // Normalizing on every list, as the EC2 adapter does per page, so the read cost is counted.
  const timedRead = async <T>(read: () => T): Promise<T> => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = read();
    const cpu = process.cpuUsage(cpuStarted);
    readCpuMicros += cpu.user + cpu.system;
    readMs += performance.now() - started;
    return result;
  };
  const memory = createInMemoryReader({ groups: [] });
  const reader: SecurityGroupReader = {
    ...memory,
    listGroups: () => timedRead(() => raw.map((group) => normalizeGroup(group))),
    listNetworkInterfaces: () => timedRead(() => normalizeNetworkInterfaces(interfaces)),
    listRouteTables: () => timedRead(() => (routeTables ? readRouteTables(routeTables) : undefined)),
  };
  const published: OutgoingAlert[] = [];
  const sent: MetricDatum[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await runDailyAudit(baseline, {
    reader,
    publisher: { publish: async (alert) => void published.push(alert) },
    metrics: { put: async (data) => void sent.push(...data) },
    logger: createLogger('error'),
    now: () => new Date(),
  });
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const evaluationMs = outcome.result.durationMs - readMs;
  const renderingMs = totalMs - outcome.result.durationMs;
  const digest = published[0];

  return {
    groups: outcome.result.summary.groups,
    rules: outcome.result.summary.rules,
    findings: outcome.result.findings.length,
    interfaces: interfaces.length,
    totalMs: round(totalMs),
    readMs: round(readMs),
    evaluationMs: round(evaluationMs),
    renderingMs: round(renderingMs),
    evaluationShare: round(evaluationMs / totalMs),
    cpuMs: round(cpuMs),
    // The goal's figure: CPU of everything after the read (evaluation, rendering, the in-memory publish).
    evaluationRenderingCpuMs: round(cpuMs - readCpuMicros / 1000),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    digestBytes: digest ? Buffer.byteLength(snsMessageBody(digest), 'utf8') : 0,
    metricData: sent.length,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
