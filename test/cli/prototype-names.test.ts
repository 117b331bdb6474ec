import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompiledBaseline } from '../../src/baseline/compiled';
import { loadEnvironmentBaseline } from '../../src/baseline/loader';
import { edit, SAMPLE_YAML } from '../baseline/sample';
import { sgdrift } from './run';

// Names that are also properties of every plain object: a lookup by `in` or `obj[name]` finds
// Object.prototype's member instead of the baseline's (or nothing's), and audit died with a TypeError.
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-proto-')), name);
  writeFileSync(file, text);
  return file;
}

/** The sample baseline with role `web`, environment `staging` and variable `admin_cidr` named `constructor`. */
const CONSTRUCTOR_YAML = SAMPLE_YAML.replace('  web:\n    title', '  constructor:\n    title')
  .replaceAll('{ role: web }', '{ role: constructor }')
  .replaceAll('      web: {', '      constructor: {')
  .replace('  staging:\n', '  constructor:\n')
  .replace('requiredTags: [Name, Environment]', 'requiredTags: [Name, constructor, toString, __proto__]')
  .replaceAll('admin_cidr', 'constructor');

/** One group of the `constructor` environment, tagged Name only. */
const SNAPSHOT = JSON.stringify({
  SecurityGroups: [
    {
      GroupId: 'sg-0aaaaaaaaaaaaaaa1',
      GroupName: 'demo-staging-web-sg',
      Description: 'web',
      VpcId: 'vpc-0123456789abcdef0',
      Tags: [{ Key: 'Name', Value: 'web' }],
      IpPermissions: [],
      IpPermissionsEgress: [],
    },
  ],
});

describe('baseline names that are Object.prototype members', () => {
  it('validates, compiles and audits a role, environment, variable and tags called constructor/__proto__/toString', async () => {
    const baseline = tempFile('proto.yml', CONSTRUCTOR_YAML);
    const snapshot = tempFile('snapshot.json', SNAPSHOT);
    const validate = await sgdrift('baseline', 'validate', baseline);
    expect(validate).toMatchObject({ code: 0, stderr: '' });

    const audit = await sgdrift('audit', '-e', 'constructor', '-b', baseline, '-s', snapshot, '-f', 'json');
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(1);
    const findings = JSON.parse(audit.stdout).findings as Array<{ check: string; message: string }>;
    const tagFindings = findings.filter((finding) => finding.check === 'missing-tags');
    expect(tagFindings.map((finding) => finding.message).sort()).toEqual([
      'demo-staging-web-sg has no __proto__ tag',
      'demo-staging-web-sg has no constructor tag',
      'demo-staging-web-sg has no toString tag',
    ]);

    const compiled = tempFile('proto.compiled.json', '');
    expect((await sgdrift('baseline', 'compile', baseline, '--output', compiled)).code).toBe(0);
    const { source: _json, ...fromJson } = loadCompiledBaseline(compiled, 'constructor');
    const { source: _yaml, ...fromYaml } = loadEnvironmentBaseline(baseline, 'constructor');
    expect(fromJson).toEqual(fromYaml);
    expect(fromJson.roles.map((role) => role.role)).toEqual(['constructor', 'cache']);
    expect(fromJson.roles[0]?.selector).toEqual({ groupName: 'demo-staging-web-sg' });
    expect(fromJson.roles[0]?.rules[1]?.peer).toEqual({ kind: 'cidr4', value: '192.0.2.0/24' });
  });

  it.each(PROTOTYPE_NAMES)('refuses -e %s as an unknown environment, one line, exit 2', async (name) => {
    for (const file of ['baselines/thebot.yml', 'baselines/thebot.compiled.json']) {
      const { code, stderr } = await sgdrift(
        'audit',
        '-e',
        name,
        '-b',
        file,
        '-s',
        'examples/production-compliant.json',
      );
      expect(stderr).toBe(`sgdrift: ${file}: unknown environment '${name}' (known: production, staging)\n`);
      expect(code).toBe(2);
    }
  });

  it.each([
    ['a peer role', edit(SAMPLE_YAML, '{ role: cache }', '{ role: toString }'), "unknown role 'toString'"],
    [
      'an environment selector',
      edit(
        SAMPLE_YAML,
        '      cache: { groupName: demo-staging-cache-sg }',
        '      cache: { groupName: x }\n      valueOf: { groupName: y }',
      ),
      "unknown role 'valueOf'",
    ],
    [
      'a missing selector',
      edit(SAMPLE_YAML, 'roles:\n', 'roles:\n  constructor: { title: C, risk: LOW }\n'),
      "no selector for role 'constructor'",
    ],
    [
      'a variable',
      edit(SAMPLE_YAML, '{ var: admin_cidr }', '{ var: constructor }'),
      "variable 'constructor' is not defined",
    ],
    [
      'an exception role',
      SAMPLE_YAML.replace(
        'exceptions: []',
        'exceptions:\n  - role: hasOwnProperty\n    rule: { direction: ingress, protocol: tcp, ports: 22, peer: { cidr: 0.0.0.0/0 } }\n    reason: r\n    owner: o\n    ticket: t\n    expires: "2026-12-01"',
      ),
      "unknown role 'hasOwnProperty'",
    ],
    [
      'an exception environment',
      SAMPLE_YAML.replace(
        'exceptions: []',
        'exceptions:\n  - role: web\n    environment: __proto__\n    rule: { direction: ingress, protocol: tcp, ports: 22, peer: { cidr: 0.0.0.0/0 } }\n    reason: r\n    owner: o\n    ticket: t\n    expires: "2026-12-01"',
      ),
      "unknown environment '__proto__'",
    ],
    [
      'a variable called __proto__ (which JavaScript objects cannot hold as a plain key)',
      SAMPLE_YAML.replaceAll('admin_cidr', '__proto__'),
      'environments.production.vars.__proto__: the name __proto__ is reserved',
    ],
  ])('names %s that only Object.prototype defines as unknown, exit 2', async (_what, yaml, message) => {
    const { code, stderr } = await sgdrift('baseline', 'validate', tempFile('bad.yml', yaml));
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(code).toBe(2);
  });
});
