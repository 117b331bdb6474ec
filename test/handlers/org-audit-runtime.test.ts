import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors';
import { loadOrgAuditRuntime } from '../../src/handlers/org-audit-runtime';

const ROOT = join(__dirname, '../..');
const ENV = {
  BASELINE_FILE: join(ROOT, 'baselines/thebot.compiled.json'),
  ACCOUNTS_FILE: join(ROOT, 'baselines/accounts.compiled.json'),
  RESULTS_BUCKET: 'sgdrift-org-results',
  LOG_LEVEL: 'error',
};

/** Loading the runtime with `env`, as a function for toThrow (the failure is also logged). */
const loading = (env: Record<string, string>) => () => loadOrgAuditRuntime('test', env);

describe('handlers: the organization audit runtime', () => {
  it('resolves each environment of the accounts map from one read of the compiled baseline', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'sgdrift-org-runtime-')), 'thebot.compiled.json');
    writeFileSync(copy, readFileSync(ENV.BASELINE_FILE));
    const runtime = loadOrgAuditRuntime('test', { ...ENV, BASELINE_FILE: copy });
    // The file is read at cold start only: spoiled afterwards, every environment still resolves.
    writeFileSync(copy, 'spoiled');
    expect(runtime.baselineFor('staging').environment).toBe('staging');
    expect(runtime.baselineFor('production').environment).toBe('production');
    expect(runtime.baselineFor('production')).toBe(runtime.baselineFor('production'));
    expect(() => runtime.baselineFor('qa')).toThrow(/unknown environment 'qa'/);
  });

  it('a broken baseline file is a configuration error naming the file, not an unknown environment', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'sgdrift-org-runtime-')), 'thebot.compiled.json');
    writeFileSync(broken, '{"format": "something else"}');
    const load = loading({ ...ENV, BASELINE_FILE: broken });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(broken);
  });

  it('refuses a YAML baseline and a LOG_LEVEL typo like the other functions', () => {
    expect(loading({ ...ENV, BASELINE_FILE: join(ROOT, 'baselines/thebot.yml') })).toThrow(
      /BASELINE_FILE: expected a compiled baseline/,
    );
    expect(loading({ ...ENV, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});
