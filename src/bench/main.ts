import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runAuditBench } from './audit-bench';
import { measureColdInit, runChangeBench } from './change-bench';
import { runDailyAuditBench } from './daily-audit-bench';
import { runDailyExposureBench } from './daily-exposure-bench';
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

/** `npm run bench`: figures for people, then one JSON line for machines (the last line). */
async function main(): Promise<void> {
  const part = process.argv[2];
  if (part) {
    const figures = await (PARTS[part] ?? unknownPart(part))();
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`  peak RSS ${peakRssMb} MB`);
    console.log(`FIGURES ${JSON.stringify({ ...figures, [`${part}PeakRssMb`]: peakRssMb })}`);
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
