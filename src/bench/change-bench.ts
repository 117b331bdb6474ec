import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processChangeEvent } from '../app/evaluate-change';
import { createInMemoryReader } from '../app/in-memory-reader';
import { RecentIds } from '../app/recent-ids';
import { RoleGroupDirectory } from '../app/role-directory';
import { loadEnvironmentBaseline } from '../baseline/loader';
import { createLogger } from '../logger';
import { readSnapshot } from '../model/snapshot';
import { projectRoot } from './synthetic';

const EVENTS_PER_RUN = 2000;
const COLD_STARTS = 7;

/** The change path with in-memory adapters: processing time per event, network excluded. */
export async function runChangeBench(): Promise<{ p50Ms: number; p99Ms: number; events: number }> {
  const root = projectRoot();
  const baseline = loadEnvironmentBaseline(join(root, 'baselines/thebot.yml'), 'production');
  const estate = readSnapshot(
    JSON.parse(readFileSync(join(root, 'examples/production-drifted.json'), 'utf8')),
    'drifted',
  );
  const eventsDir = join(root, 'examples/events');
  const events = readdirSync(eventsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(eventsDir, file), 'utf8')));
  const deps = {
    reader: createInMemoryReader(estate),
    publisher: { publish: async () => undefined },
    metrics: { put: async () => undefined },
    logger: createLogger('error', {}, () => undefined),
    now: () => new Date(),
    directory: new RoleGroupDirectory(baseline),
    seen: new RecentIds(),
  };
  const settings = { baseline, home: null, selfRoleArn: null, notifyCompliantChanges: false };
  const times: number[] = [];
  for (let index = 0; index < EVENTS_PER_RUN; index += 1) {
    const event = structuredClone(events[index % events.length]);
    event.detail.eventID = `bench-${index}`; // every event is new: no duplicate short-cut
    const started = performance.now();
    await processChangeEvent(event, deps, settings);
    times.push(performance.now() - started);
  }
  const measured = times.slice(EVENTS_PER_RUN / 10).sort((a, b) => a - b); // first 10% warm up the JIT
  return { p50Ms: percentile(measured, 0.5), p99Ms: percentile(measured, 0.99), events: measured.length };
}

/**
 * Cold init of the bundled handler (built by scripts/bench.mjs with the deployment's esbuild
 * options) in a fresh Node process: module load, configuration and baseline validation.
 */
export function measureColdInit(bundle: string): { medianMs: number; runs: number } {
  const env = {
    ...process.env,
    ENVIRONMENT: 'production',
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts',
    // The handler resolves its own account at cold start (the org mode's home check).
    ACCOUNT_ID: '123456789012',
    BASELINE_FILE: join(projectRoot(), 'baselines/thebot.compiled.json'),
    AWS_REGION: 'eu-west-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const script = `const t=performance.now();require(${JSON.stringify(bundle)});process.stdout.write(String(performance.now()-t))`;
  const times: number[] = [];
  for (let run = 0; run < COLD_STARTS; run += 1) {
    times.push(Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })));
  }
  times.sort((a, b) => a - b);
  return { medianMs: percentile(times, 0.5), runs: COLD_STARTS };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}
