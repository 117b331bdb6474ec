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

  it('adopts a default VPC: init prints what to review, the audit has no drift and keeps the exposure', async () => {
    const baseline = join(tempDir(), 'mine.yml');
    const snapshot = 'examples/adopt/default-vpc.json';
    const init = await sgdrift('baseline', 'init', '-s', snapshot, '-e', 'production', '-o', baseline);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain(
      'REVIEW: launch-wizard-1 (launch-wizard-1, sg-0f1e2d3c4b5a69788): ingress 22/tcp from 0.0.0.0/0: restricted port 22 open to the whole internet (0.0.0.0/0)',
    );
    expect(init.stderr).toContain(
      'note: Not roles: the default groups sg-0c3a1b2d4e5f60718; default-group-open judges them',
    );
    const audit = (...more: string[]) =>
      sgdrift('audit', '-e', 'production', '-s', snapshot, '-b', baseline, ...more);
    const drift = await audit(
      '--check',
      'missing-rules,unexpected-rules,missing-tags,missing-groups,unknown-groups,blocked-egress,ambiguous-roles',
    );
    expect([drift.code, drift.stderr]).toEqual([0, '']);
    const exposure = await audit('--fail-on', 'MEDIUM');
    expect(exposure.code).toBe(1);
    expect(exposure.stdout).toContain('22/tcp open to the whole internet: 0.0.0.0/0 on launch-wizard-1');
  });

  it('explains an estate of default groups only, exit 2', async () => {
    const snapshot = join(tempDir(), 'defaults.json');
    writeFileSync(
      snapshot,
      JSON.stringify({
        SecurityGroups: [{ GroupId: 'sg-0c3a1b2d4e5f60718', GroupName: 'default', VpcId: 'vpc-1a2b3c4d' }],
      }),
    );
    const init = await sgdrift('baseline', 'init', '-s', snapshot, '-e', 'production');
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(
      /^sgdrift: only default security groups \(sg-0c3a1b2d4e5f60718\): a VPC's default group is not a role/,
    );
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
