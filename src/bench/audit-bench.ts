import { join } from 'node:path';
import { auditEstate } from '../app/run-audit';
import { loadEnvironmentBaseline } from '../baseline/loader';
import { readSnapshot } from '../model/snapshot';
import { renderText } from '../report/text';
import { projectRoot, syntheticSnapshot } from './synthetic';

export interface AuditBenchRow {
  groups: number;
  rules: number;
  parseMs: number;
  normalizeMs: number;
  evaluateMs: number;
  renderMs: number;
  rulesPerSecond: number;
  evalToParseRatio: number;
  readToParseRatio: number;
  findings: number;
}

const MIN_RUNS = 5;
const MIN_TOTAL_MS = 250;

/** Audits synthetic estates of each size; times are the median of several runs after a warm-up. */
export function runAuditBench(sizes: readonly number[] = [100, 1000, 10000]): AuditBenchRow[] {
  const baseline = loadEnvironmentBaseline(join(projectRoot(), 'baselines/thebot.yml'), 'production');
  return sizes.map((size) => {
    const text = JSON.stringify(syntheticSnapshot(size));
    const parseMs = median(() => JSON.parse(text));
    const json = JSON.parse(text);
    const normalizeMs = median(() => readSnapshot(json, 'bench'));
    const estate = readSnapshot(json, 'bench');
    const rules = estate.groups.reduce((count, group) => count + group.rules.length, 0);
    let findings = 0;
    const evaluateMs = median(() => {
      findings = auditEstate(baseline, estate).findings.length;
    });
    const result = auditEstate(baseline, estate);
    const renderMs = median(() => renderText(result));
    // Evaluation is running every check on the canonical estate; normalizing the snapshot is
    // reported apart (readToParseRatio) as part of reading the input.
    return {
      groups: size,
      rules,
      parseMs,
      normalizeMs,
      evaluateMs,
      renderMs,
      rulesPerSecond: Math.round(rules / (evaluateMs / 1000)),
      evalToParseRatio: evaluateMs / parseMs,
      readToParseRatio: (parseMs + normalizeMs) / parseMs,
      findings,
    };
  });
}

/** Median time of `work` after a warm-up; small inputs run more often so the JIT has settled. */
function median(work: () => unknown): number {
  for (let warmup = 0; warmup < 3; warmup += 1) work();
  const times: number[] = [];
  let total = 0;
  while (times.length < MIN_RUNS || total < MIN_TOTAL_MS) {
    const started = performance.now();
    work();
    const elapsed = performance.now() - started;
    times.push(elapsed);
    total += elapsed;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
