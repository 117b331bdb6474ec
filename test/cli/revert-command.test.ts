import { join } from 'node:path';
import { run } from '../../src/cli/main';

const EXAMPLES = join(__dirname, '../../examples');
const DRIFTED = join(EXAMPLES, 'production-drifted.json');
const COMPLIANT = join(EXAMPLES, 'production-compliant.json');

async function sgdrift(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('cli: sgdrift revert', () => {
  it('prints the dry-run plan for the drift of a snapshot', async () => {
    const { code, stdout } = await sgdrift('revert', '--environment', 'production', '--snapshot', DRIFTED);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      'auto-revert (dry-run): dry run, nothing changed: would revoke 4 and restore 1 rules',
    );
    expect(lines).toContain(
      'would restore: ingress 6379/tcp from sg-0a1b2c3d4e5f60001 [redis_from_bastion] on thebot-redis-sg',
    );
    expect(lines.filter((line) => line.startsWith('would revoke: '))).toHaveLength(4);
    expect(stdout).toContain('skipped: missing-tags on thebot-redis-sg: tag changes are only alerted');
  });

  it('limits the plan to --sg-name and prints JSON', async () => {
    const { code, stdout } = await sgdrift(
      'revert',
      '-e',
      'production',
      '--snapshot',
      DRIFTED,
      '--sg-name',
      'thebot-database-sg',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ mode: 'dry-run', status: 'planned', verified: null });
    expect(report.results).toMatchObject([
      { status: 'planned', action: 'revoke', groupName: 'thebot-database-sg', rule: { fromPort: 5432 } },
    ]);
  });

  it('says there is nothing to change on a compliant estate', async () => {
    const { code, stdout } = await sgdrift('revert', '-e', 'production', '--snapshot', COMPLIANT);
    expect(code).toBe(0);
    expect(stdout).toBe('auto-revert (dry-run): nothing to change');
  });

  it('refuses a plan over --max-rules and exits 1', async () => {
    const { code, stdout } = await sgdrift(
      'revert',
      '-e',
      'production',
      '--snapshot',
      DRIFTED,
      '--max-rules',
      '2',
    );
    expect(code).toBe(1);
    expect(stdout).toContain('would be revert refused: 5 rule changes exceed MAX_REVERT_RULES=2');
  });

  it('drops restores with --no-restore', async () => {
    const { stdout } = await sgdrift('revert', '-e', 'production', '--snapshot', DRIFTED, '--no-restore');
    expect(stdout).toContain('would revoke 4 and restore 0 rules');
    expect(stdout).toContain('skipped: ingress 6379/tcp from sg-0a1b2c3d4e5f60001 [redis_from_bastion]');
  });

  it.each([
    [
      ['--snapshot', DRIFTED, '--apply'],
      'revert: --apply changes live AWS and cannot be used with --snapshot',
    ],
    [['--snapshot', DRIFTED, '--max-rules', '0'], "revert: --max-rules must be a positive integer (got '0')"],
    [['--snapshot', DRIFTED, '--format', 'yaml'], 'revert: --format must be one of text, json'],
  ])('usage error for %j', async (extra, message) => {
    const { code, stderr } = await sgdrift('revert', '-e', 'production', ...extra);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('requires --environment', async () => {
    const { code, stderr } = await sgdrift('revert', '--snapshot', DRIFTED);
    expect(code).toBe(2);
    expect(stderr).toContain('revert: --environment is required');
  });

  it('is listed in the usage text', async () => {
    const { stdout } = await sgdrift('--help');
    expect(stdout).toContain('sgdrift revert --environment ENV');
  });

  it.each([
    [
      'audit',
      ['-e', 'production', '-h'],
      ['sgdrift audit --environment ENV', 'sgdrift audit --accounts FILE'],
    ],
    ['audit', ['--accounts', 'a.yml', '--help'], ['sgdrift audit --accounts FILE']],
    ['revert', ['-e', 'production', '--help'], ['sgdrift revert --environment ENV']],
    ['baseline', ['validate', 'x.yml', '-h'], ['sgdrift baseline validate']],
    ['replay', ['event.json', '--help'], ['sgdrift replay']],
    ['accounts', ['compile', '-h'], ['sgdrift accounts']],
  ])(
    '`%s … --help` prints that command’s usage, exit 0, first or after other options',
    async (name, later, starts) => {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        [name, ...later],
      ]) {
        const { code, stdout, stderr } = await sgdrift(...argv);
        expect({ argv, code, stderr }).toEqual({ argv, code: 0, stderr: '' });
        for (const start of starts) expect(stdout).toContain(start);
        expect(stdout).not.toContain('keep EC2 security groups'); // the command's, not the whole usage
      }
    },
  );

  it.each([
    // The value of an option, or an operand after `--`: never help, and still the mistake it was
    // (a group named -h must not turn an audit into "exit 0, nothing audited"; found by review).
    [['audit', '-e', 'production', '-s', DRIFTED, '--sg-name', '-h'], 2],
    [['audit', '-e', 'production', '-s', DRIFTED, '--check', '--help'], 2],
    [['revert', '-e', 'production', '-s', DRIFTED, '--sg-name', '--help'], 2],
    [['audit', '-e', 'production', '-s', DRIFTED, '--', '-h'], 2],
    [['baseline', 'validate', '--', '-h'], 2],
  ])('%j is not a request for help: exit %i', async (argv, expected) => {
    const { code, stdout } = await sgdrift(...argv);
    expect({ argv, code }).toEqual({ argv, code: expected });
    expect(stdout).not.toContain('sgdrift audit --environment ENV');
  });
});
