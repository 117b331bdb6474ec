import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runAuditBench } from './audit-bench';
import { ceilingFallbackItemTask, ceilingItemTask, runCeilingBench } from './ceiling-bench';
import { measureColdInit, runChangeBench } from './change-bench';
import { printChildFigures } from './child-figures';
import { runDailyAuditBench } from './daily-audit-bench';
import { runDailyExposureBench } from './daily-exposure-bench';
import { ORG_MAX_CONCURRENCY, orgItemTask, runOrgBench } from './org-bench';
import { runRevertBench } from './revert-bench';
import { projectRoot } from './synthetic';

type Figures = Record<string, number | undefined>;

/** Each part runs in its own process, so its peak RSS is its own. */
const PARTS: Record<string, () => Promise<Figures>> = {
  audit: async () => {
    const rows = runAuditBench();
    console.log('Audit (median after warm-up; evaluate = every check on the canonical estate)');
    console.log(
      'groups    rules  parse ms  normalize ms  evaluate ms  render ms    rules/s  eval/parse  findings',
    );
    for (const row of rows) {
      console.log(
        [
          pad(row.groups, 6),
          pad(row.rules, 8),
          pad(row.parseMs.toFixed(1), 8),
          pad(row.normalizeMs.toFixed(1), 12),
          pad(row.evaluateMs.toFixed(1), 11),
          pad(row.renderMs.toFixed(1), 9),
          pad(row.rulesPerSecond.toLocaleString('en-US'), 10),
          pad(row.evalToParseRatio.toFixed(2), 10),
          pad(row.findings, 8),
        ].join('  '),
      );
    }
    const largest = rows[rows.length - 1];
    return {
      rulesPerSecond: largest?.rulesPerSecond,
      evalToParseRatio: largest?.evalToParseRatio,
      readToParseRatio: largest?.readToParseRatio,
    };
  },
  change: async () => {
    const change = await runChangeBench();
    const cold = measureColdInit(join(projectRoot(), 'dist/bench/security-group-change.js'));
    console.log(
      `Change path, in-memory adapters, ${change.events} events: p50 ${change.p50Ms.toFixed(3)} ms, p99 ${change.p99Ms.toFixed(3)} ms`,
    );
    console.log(
      `Cold init of the bundled securityGroupChange handler: ${cold.medianMs.toFixed(1)} ms (median of ${cold.runs})`,
    );
    return { changeP50Ms: change.p50Ms, changeP99Ms: change.p99Ms, coldInitMs: cold.medianMs };
  },
  revert: async () => {
    const revert = runRevertBench();
    console.log(
      `Revert planning at a ${revert.groupRules}-rule group: p50 ${revert.p50Ms?.toFixed(3)} ms, p99 ${revert.p99Ms?.toFixed(3)} ms (${revert.runs} runs)`,
    );
    return { revertPlanP50Ms: revert.p50Ms, revertPlanP99Ms: revert.p99Ms };
  },
  daily: async () => {
    const daily = await runDailyAuditBench();
    console.log(
      `Daily audit, ${daily.groups} groups / ${daily.rules} rules: total ${daily.totalMs} ms (read ${daily.readMs}, evaluation ${daily.evaluationMs}, rendering ${daily.renderingMs}); CPU after the read ${daily.evaluationRenderingCpuMs} ms; digest ${daily.digestBytes} bytes`,
    );
    return {
      dailyTotalMs: daily.totalMs,
      dailyEvalRenderCpuMs: daily.evaluationRenderingCpuMs,
      dailyEvaluationShare: daily.evaluationShare,
    };
  },
  org: async () => {
    const org = await runOrgBench();
    console.log(
      `Organization audit, simulated: ${org.accounts} accounts × ${org.regions} regions = ${org.accounts * org.regions} account-regions (one Distributed Map item each)`,
    );
    console.log(
      'MaxConcurrency  wall min  max EC2 calls/item  EC2 throttles  STS throttles  throttle failures',
    );
    for (const row of org.sweep) {
      console.log(
        [
          pad(row.concurrency, 14),
          pad(row.wallMinutes.toFixed(2), 8),
          pad(row.maxEc2Calls, 18),
          pad(row.ec2Throttles, 13),
          pad(row.stsThrottles, 13),
          pad(row.throttleFailures, 17),
        ].join('  '),
      );
    }
    console.log(`At MaxConcurrency ${ORG_MAX_CONCURRENCY}, per kind of account-region:`);
    console.log('kind        items  max groups  max rules  EC2 calls p50/max  max item s  item peak RSS MB');
    for (const kind of org.kinds) {
      console.log(
        [
          kind.kind.padEnd(8),
          pad(kind.items, 8),
          pad(kind.maxGroups, 10),
          pad(kind.maxRules, 9),
          pad(`${kind.medianEc2Calls}/${kind.maxEc2Calls}`, 17),
          pad(kind.maxItemSeconds.toFixed(2), 10),
          pad(kind.peakRssMb, 16),
        ].join('  '),
      );
    }
    return {
      orgWallMinutes: org.chosen.wallMinutes,
      orgMaxEc2CallsPerItem: org.chosen.maxEc2Calls,
      orgThrottleFailures: org.chosen.throttleFailures,
      orgMaxConcurrency: ORG_MAX_CONCURRENCY,
    };
  },
  ceiling: async () => {
    const ceiling = await runCeilingBench();
    console.log(
      `Quota ceiling through the SDK: ${ceiling.groups} groups / ${ceiling.rules} rules from ${ceiling.describeSecurityGroupsPages} DescribeSecurityGroups + ${ceiling.describeNetworkInterfacesPages} DescribeNetworkInterfaces pages on a local endpoint; ${ceiling.findings} findings`,
    );
    console.log(
      `  item: CPU ${ceiling.itemCpuMs} ms (median of ${ceiling.runsCpuMs.length} cold runs: ${ceiling.runsCpuMs.join(', ')} ms), wall ${ceiling.itemWallMs} ms; peak RSS ${ceiling.peakRssMb} MB, the largest run's (the median run had ${ceiling.rssBeforeItemMb} MB before the item)`,
    );
    console.log(
      `  if every page went to the SDK's deserializer (the reader's fallback): peak RSS ${Object.entries(
        ceiling.fallbackPeakRssMb,
      )
        .map(([size, mb]) => `${mb} MB with pages of ${size} groups`)
        .join(', ')} (the function has 512 MB)`,
    );
    return {
      ceilingPeakRssMb: ceiling.peakRssMb,
      ceilingCpuMs: ceiling.itemCpuMs,
      ceilingFallbackPeakRssMb: ceiling.fallbackPeakRssMb[250] ?? 0,
    };
  },
  dailyExposure: async () => {
    const daily = await runDailyExposureBench();
    console.log(
      `Daily audit with exposure, ${daily.groups} groups / ${daily.rules} rules / ${daily.interfaces} interfaces + route tables: total ${daily.totalMs} ms (read ${daily.readMs}, evaluation ${daily.evaluationMs}, rendering ${daily.renderingMs}); CPU after the read ${daily.evaluationRenderingCpuMs} ms; ${daily.findings} findings; digest ${daily.digestBytes} bytes`,
    );
    return {
      dailyExposureTotalMs: daily.totalMs,
      dailyExposureReadMs: daily.readMs,
      dailyExposureCpuMs: daily.evaluationRenderingCpuMs,
    };
  },
};

/** Tasks a part runs in a child process of its own (`main.js child TASK ...`). */
const CHILD_TASKS: Record<string, (args: string[]) => Promise<Record<string, number>>> = {
  'ceiling-item': () => ceilingItemTask(),
  'ceiling-fallback-item': ([size]) => ceilingFallbackItemTask(Number(size)),
  'org-item': ([kind]) => orgItemTask(kind ?? ''),
};

/** `npm run bench`: figures for people, then one JSON line for machines (the last line). */
async function main(): Promise<void> {
  const part = process.argv[2];
  if (part === 'child') {
    const task = process.argv[3] ?? '';
    printChildFigures(await (CHILD_TASKS[task] ?? unknownPart(task))(process.argv.slice(4)));
    return;
  }
  if (part) {
    const figures = await (PARTS[part] ?? unknownPart(part))();
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`  peak RSS ${peakRssMb} MB`);
    // A part may report a peak of its own (a child's): it wins over the part's process.
    console.log(`FIGURES ${JSON.stringify({ [`${part}PeakRssMb`]: peakRssMb, ...figures })}`);
    return;
  }
  let summary: Figures = {};
  for (const name of Object.keys(PARTS)) {
    const output = execFileSync(process.execPath, ['--expose-gc', __filename, name], { encoding: 'utf8' });
    for (const line of output.trimEnd().split('\n')) {
      if (line.startsWith('FIGURES ')) summary = { ...summary, ...JSON.parse(line.slice('FIGURES '.length)) };
      else console.log(line);
    }
    console.log('');
  }
  const rounded = Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, round(value)]));
  const peakRssMb = Math.max(
    ...Object.entries(summary)
      .filter(([key]) => key.endsWith('PeakRssMb'))
      .map(([, v]) => v ?? 0),
  );
  console.log(JSON.stringify({ ...rounded, peakRssMb }));
}

function unknownPart(name: string): never {
  throw new Error(`unknown benchmark part ${name} (parts: ${Object.keys(PARTS).join(', ')})`);
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Number(value.toFixed(3));
}

function pad(value: unknown, width: number): string {
  return String(value).padStart(width);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
