import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditEstate } from '../app/run-audit';
import { loadEnvironmentBaseline } from '../baseline/loader';
import { ruleKey } from '../model/rule-key';
import { readSnapshot } from '../model/snapshot';
import type { Rule } from '../model/types';
import { assertWithinBlastRadius, planRevert } from '../remediation/plan';
import { projectRoot } from './synthetic';

const GROUP_RULES = 60;
const WARM_UP = 200;
const RUNS = 2000;
const MAX_REVERT_RULES = 10;
const DATABASE = 'thebot-database-sg';

/**
 * Revert planning per event on a 60-rule database group (goal ≤ 1 ms): the event opened one rule
 * to the world; the plan reads the group's fresh rules (with ids) and that event's findings.
 * Returns p50/p99 in ms and the sizes measured.
 */
export function runRevertBench(): Record<string, number> {
  const root = projectRoot();
  const baseline = loadEnvironmentBaseline(join(root, 'baselines/thebot.yml'), 'production');
  const estate = readSnapshot(
    JSON.parse(readFileSync(join(root, 'examples/production-compliant.json'), 'utf8')),
    'bench',
  );
  const database = estate.groups.find((group) => group.groupName === DATABASE);
  if (!database) throw new Error(`bench: ${DATABASE} not in the example estate`);
  // Fill the group up to 60 rules with undeclared private-range rules (drift the event did not cause).
  for (let port = 10_000; database.rules.length < GROUP_RULES - 1; port += 1) {
    database.rules.push(rule(port, `10.${port % 250}.0.0/16`));
  }
  const opened = rule(5432, '0.0.0.0/0');
  database.rules.push(opened);
  database.rules = database.rules.map((each, index) => ({
    ...each,
    ruleId: `sgr-${String(index).padStart(17, '0')}`,
  }));

  const audit = auditEstate(baseline, estate);
  const eventKey = ruleKey(opened);
  const findings = audit.findings.filter((finding) => finding.rule && ruleKey(finding.rule) === eventKey);
  const freshRules = new Map([[database.groupId, database.rules]]);
  const input = { baseline, resolution: audit.resolution, findings, freshRules, restoreMissing: true };

  const times: number[] = [];
  let changes = 0;
  for (let run = 0; run < WARM_UP + RUNS; run += 1) {
    const started = performance.now();
    const plan = planRevert(input);
    assertWithinBlastRadius(plan, MAX_REVERT_RULES);
    const elapsed = performance.now() - started;
    changes = plan.changes.length;
    if (run >= WARM_UP) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return {
    groupRules: database.rules.length,
    eventFindings: findings.length,
    plannedChanges: changes,
    runs: RUNS,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
  };
}

function rule(port: number, cidr: string): Rule {
  return {
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    peer: { kind: 'cidr4', value: cidr },
    description: `bench ${port}`,
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
