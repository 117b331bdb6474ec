import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sgdrift } from './run';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sgdrift-cli-'));
}

describe('sgdrift baseline', () => {
  it('validates the bundled baseline', async () => {
    const { code, stdout } = await sgdrift('baseline', 'validate', 'baselines/thebot.yml');
    expect(code).toBe(0);
    expect(stdout).toContain('valid — 6 roles, 21 rules, environments: production, staging');
  });

  it('names the file and the path of a bad CIDR, exit 2', async () => {
    const file = join(tempDir(), 'bad.yml');
    writeFileSync(
      file,
      readFileSync('baselines/thebot.yml', 'utf8').replace(
        'bastion_allowed_cidr: 203.0.113.0/32',
        'bastion_allowed_cidr: 203.0.113.0/33',
      ),
    );
    const { code, stderr } = await sgdrift('baseline', 'validate', file);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${file}: environments.production.vars.bastion_allowed_cidr`);
  });

  it('writes a starting baseline from a snapshot that validates and audits the same estate as compliant', async () => {
    const dir = tempDir();
    const baseline = join(dir, 'mine.yml');
    const init = await sgdrift(
      'baseline',
      'init',
      '--snapshot',
      'examples/production-drifted.json',
      '--environment',
      'production',
      '--output',
      baseline,
    );
    expect(init.code).toBe(0);
    expect((await sgdrift('baseline', 'validate', baseline)).code).toBe(0);
    const audit = await sgdrift(
      'audit',
      '-e',
      'production',
      '-b',
      baseline,
      '-s',
      'examples/production-drifted.json',
      '--check',
      'missing-rules',
      '--check',
      'unexpected-rules',
      '--check',
      'missing-groups',
    );
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(0);
  });

  it('compiles the baseline for the Lambdas', async () => {
    const { code, stdout } = await sgdrift('baseline', 'compile', 'baselines/thebot.yml');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      format: 'sg-drift-monitor/compiled-baseline@1',
      document: { name: 'thebot' },
    });
  });

  it('refuses an unknown subcommand', async () => {
    expect((await sgdrift('baseline', 'frob')).code).toBe(2);
  });
});
