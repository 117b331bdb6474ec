import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BASELINE_FILE } from '../../src/baseline/files';
import { rawUnsafe } from '../support/hostile-text';
import { sgdrift } from './run';

const COMPLIANT = 'examples/production-compliant.json';
const DRIFTED = 'examples/production-drifted.json';

/** `sgdrift audit -e production -s examples/production-drifted.json …`. */
function auditDrifted(...args: string[]) {
  return sgdrift('audit', '-e', 'production', '-s', DRIFTED, ...args);
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-cli-')), name);
  writeFileSync(file, content);
  return file;
}

describe('sgdrift audit', () => {
  it('reports the compliant example as compliant and exits 0', async () => {
    const { code, stdout } = await sgdrift('audit', '--environment', 'production', '--snapshot', COMPLIANT);
    expect(code).toBe(0);
    expect(stdout).toContain('Security Groups Found: 7');
    expect(stdout).toContain('├── thebot-bastion-sg (sg-0a1b2c3d4e5f60001)');
    expect(stdout).toContain('Overall Compliance: COMPLIANT');
  });

  it('finds every injected drift of the drifted example with its check and severity, and exits 1', async () => {
    const { code, stdout } = await auditDrifted('--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const found = report.findings.map(
      (f: { check: string; severity: string; groupName: string }) =>
        `${f.check} ${f.severity} ${f.groupName}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'permissive-rules CRITICAL thebot-database-sg',
        'unexpected-rules CRITICAL thebot-database-sg',
        'permissive-rules CRITICAL thebot-backend-sg',
        'unexpected-rules HIGH thebot-backend-sg',
        'missing-rules MEDIUM thebot-redis-sg',
        'missing-tags LOW thebot-redis-sg',
        'undocumented-rules LOW thebot-frontend-sg',
        'unknown-groups MEDIUM thebot-legacy-worker-sg',
      ]),
    );
    expect(
      report.findings.filter(
        (f: { check: string; groupName: string }) =>
          f.check === 'permissive-rules' && f.groupName === 'thebot-backend-sg',
      ),
    ).toHaveLength(2);
    expect(report).toMatchObject({
      environment: 'production',
      compliant: false,
      summary: { groups: 8, findings: { CRITICAL: 4 } },
    });
    expect(Object.keys(report.findings[0]).sort()).toEqual(
      [
        'baselineRuleId',
        'check',
        'compliance',
        'direction',
        'exposure',
        'groupId',
        'groupName',
        'message',
        'remediation',
        'role',
        'rule',
        'severity',
      ].sort(),
    );
  });

  it('fills the seed audit report template with --format markdown', async () => {
    const { stdout } = await auditDrifted('--format', 'markdown');
    expect(stdout).toContain('# Security Group Audit Report');
    expect(stdout).toContain('- HIPAA: Non-Compliant');
    expect(stdout).toContain('## Next Review Date');
  });

  it('exits 0 when no finding reaches --fail-on', async () => {
    const { code } = await auditDrifted('--check', 'missing-tags', '--fail-on', 'HIGH');
    expect(code).toBe(0);
  });

  it('runs only the checks named with --check', async () => {
    const { stdout } = await auditDrifted('--check', 'missing-rules', '--format', 'json');
    expect(JSON.parse(stdout).findings.map((f: { check: string }) => f.check)).toEqual(['missing-rules']);
  });

  it('limits the report to --sg-name', async () => {
    const { stdout } = await auditDrifted('--sg-name', 'thebot-redis-sg', '--format', 'json');
    expect(new Set(JSON.parse(stdout).findings.map((f: { groupName: string }) => f.groupName))).toEqual(
      new Set(['thebot-redis-sg']),
    );
  });

  it('reports a missing baseline group named with --sg-name instead of calling it compliant', async () => {
    const raw = JSON.parse(readFileSync(COMPLIANT, 'utf8'));
    raw.SecurityGroups = raw.SecurityGroups.filter(
      (group: { GroupName: string }) => group.GroupName !== 'thebot-redis-sg',
    );
    const snapshot = tempFile('no-redis.json', JSON.stringify(raw));
    const { code, stdout } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      snapshot,
      '--sg-name',
      'thebot-redis-sg',
      '--format',
      'json',
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings).toMatchObject([{ check: 'missing-groups', role: 'redis' }]);
  });

  it('refuses an --sg-name that matches nothing', async () => {
    const { code, stderr } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      COMPLIANT,
      '--sg-name',
      'typo-sg',
    );
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'sgdrift: audit: --sg-name typo-sg matches no security group and no baseline role',
    );
  });

  it.each([
    ['truncated JSON', '{"SecurityGroups": [', /^sgdrift: .*snapshot\.json: invalid JSON/],
    [
      'wrong types',
      '{"SecurityGroups": [{"GroupId": 42, "GroupName": "x"}]}',
      /^sgdrift: .*snapshot\.json: SecurityGroups\[0\]\.GroupId: expected a non-empty string, got 42/,
    ],
    ['not a snapshot', '[1, 2]', /^sgdrift: .*snapshot\.json: /],
  ])('refuses a snapshot with %s: exit 2, one line, no stack trace', async (_case, content, message) => {
    const { code, stdout, stderr } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      tempFile('snapshot.json', content),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an unknown environment with the known ones', async () => {
    const { code, stderr } = await sgdrift('audit', '-e', 'prod', '-s', COMPLIANT);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `sgdrift: ${DEFAULT_BASELINE_FILE}: unknown environment 'prod' (known: production, staging)`,
    );
  });

  it.each([
    [['audit', '-s', COMPLIANT], 'audit: --environment is required'],
    [
      ['audit', '-e', 'production', '-s', COMPLIANT, '--format', 'pdf'],
      "--format must be one of text, json, markdown (got 'pdf')",
    ],
    [['audit', '-e', 'production', '-s', COMPLIANT, '--check', 'nope'], 'audit: unknown check nope'],
    [['audit', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    // Names Object.prototype has: still unknown commands, not a TypeError and exit 1.
    [['constructor'], "unknown command 'constructor'"],
    [['toString'], "unknown command 'toString'"],
    [['__proto__'], "unknown command '__proto__'"],
    [
      ['revert', '-e', 'production', '-s', COMPLIANT, '--sg-name', 'thebot-databse-sg'],
      'revert: --sg-name thebot-databse-sg matches no security group and no baseline role',
    ],
  ])('refuses bad usage %j with exit 2', async (argv, message) => {
    const { code, stderr } = await sgdrift(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('an unknown command is echoed escaped: no colour, no second line, no bidi override', async () => {
    const { code, stderr } = await sgdrift('\u001b[31mRED\r\nsgdrift: forged\u202e');
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(rawUnsafe(stderr.trimEnd())).toEqual([]);
  });
});

describe('sgdrift: usage mistakes are exit 2, one line', () => {
  it.each([
    [['audit', '-e', 'production', '-s', COMPLIANT, 'extra'], "audit: unexpected argument 'extra'"],
    [['revert', '-e', 'production', '-s', COMPLIANT, 'extra'], "revert: unexpected argument 'extra'"],
    [
      ['baseline', 'init', '-s', COMPLIANT, '-e', 'production', 'extra'],
      "baseline init: unexpected argument 'extra'",
    ],
    [
      ['baseline', 'init', '-s', COMPLIANT, '-e', 'production', '--vpc-id', 'vpc-nope'],
      'no security group in vpc-nope',
    ],
    [
      ['baseline', 'compile', 'baselines/thebot.yml', '--output', '/nonexistent/dir/x.json'],
      '/nonexistent/dir/x.json: cannot write file (ENOENT)',
    ],
    [['baseline', 'validate', 'baselines'], 'baselines: not a regular file (a directory)'],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await sgdrift(...argv);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });

  it('audits with the compiled baseline the Lambdas read', async () => {
    const { code } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      COMPLIANT,
      '-b',
      'baselines/thebot.compiled.json',
    );
    expect(code).toBe(0);
  });
});
