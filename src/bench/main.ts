import { join } from 'node:path';
import { runAuditBench } from './audit-bench';
import { measureColdInit, runChangeBench } from './change-bench';
import { projectRoot } from './synthetic';

/** `npm run bench`: prints figures for people, then one JSON line for machines. */
async function main(): Promise<void> {
  const rows = runAuditBench();
  console.log('Audit (median of 5 runs; evaluate = all checks on the canonical estate)');
  console.log(
    'groups   rules  parse ms  normalize ms  evaluate ms  render ms      rules/s  eval/parse  findings',
  );
  for (const row of rows) {
    console.log(
      [
        pad(row.groups, 6),
        pad(row.rules, 7),
        pad(row.parseMs.toFixed(1), 8),
        pad(row.normalizeMs.toFixed(1), 12),
        pad(row.evaluateMs.toFixed(1), 11),
        pad(row.renderMs.toFixed(1), 9),
        pad(row.rulesPerSecond.toLocaleString('en-US'), 11),
        pad(row.evalToParseRatio.toFixed(2), 10),
        pad(row.findings, 8),
      ].join('  '),
    );
  }
  const change = await runChangeBench();
  console.log(
    `\nChange path (in-memory adapters, ${change.events} events): p50 ${change.p50Ms.toFixed(3)} ms, p99 ${change.p99Ms.toFixed(3)} ms`,
  );
  const cold = measureColdInit(join(projectRoot(), 'dist/bench/security-group-change.js'));
  console.log(
    `Cold init of the bundled securityGroupChange handler: ${cold.medianMs.toFixed(1)} ms (median of ${cold.runs})`,
  );

  const largest = rows[rows.length - 1];
  const summary = {
    rulesPerSecond: largest?.rulesPerSecond,
    evalToParseRatio: round(largest?.evalToParseRatio),
    readToParseRatio: round(largest?.readToParseRatio),
    changeP50Ms: round(change.p50Ms),
    changeP99Ms: round(change.p99Ms),
    coldInitMs: round(cold.medianMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(summary));
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
