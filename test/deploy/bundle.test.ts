import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRODUCTION_DEFAULT } from './combinations';
import { PACKAGE_TIMEOUT_MS, type PackagedStack, packageStack, REPO_ROOT } from './package-stack';
import { zipEntries } from './zip-entries';

const ONE_MEGABYTE = 1024 * 1024;
const BASELINE = 'baselines/thebot.compiled.json';
const FUNCTION_BUNDLES: Record<string, string> = {
  securityGroupChange: 'src/handlers/security-group-change.js',
  dailyAudit: 'src/handlers/daily-audit.js',
  slackNotifier: 'src/handlers/slack-notifier.js',
};

let stack: PackagedStack;

beforeAll(() => {
  stack = packageStack(PRODUCTION_DEFAULT);
}, PACKAGE_TIMEOUT_MS);

describe('deploy: function bundles', () => {
  it.each(Object.entries(FUNCTION_BUNDLES))('%s: ≤ 1 MB unzipped, with the baseline', (fn, handlerFile) => {
    const entries = zipEntries(path.join(stack.dir, `${fn}.zip`));
    const names = entries.map((entry) => entry.name);
    expect(names).toContain(handlerFile);
    // The baseline is read at run time from LAMBDA_TASK_ROOT; without it every invocation fails.
    expect(names).toContain(BASELINE);
    const unzipped = entries.reduce((sum, entry) => sum + entry.size, 0);
    expect(unzipped).toBeLessThanOrEqual(ONE_MEGABYTE);
  });

  it('keeps only the SDK schemas the functions use (build/esbuild-plugins.cjs): each bundle ≤ 512 kB', () => {
    // Without the plugin the EC2 client alone is 0.56 MB; this fails if an SDK update defeats it.
    for (const fn of Object.keys(FUNCTION_BUNDLES)) {
      const unzipped = zipEntries(path.join(stack.dir, `${fn}.zip`)).reduce(
        (sum, entry) => sum + entry.size,
        0,
      );
      expect({ fn, small: unzipped <= ONE_MEGABYTE / 2 }).toEqual({ fn, small: true });
    }
  });

  it('ships the baseline byte for byte', () => {
    const entry = zipEntries(path.join(stack.dir, 'securityGroupChange.zip')).find(
      (e) => e.name === BASELINE,
    );
    expect(entry?.size).toBe(fs.statSync(path.join(REPO_ROOT, BASELINE)).size);
  });
});
