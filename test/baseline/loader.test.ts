import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_BASELINE_FILE,
  forEnvironment,
  loadBaselineFile,
  loadEnvironmentBaseline,
  parseBaseline,
} from '../../src/baseline/loader';
import { BaselineError, InputError } from '../../src/errors';
import { ADMIN_CIDR, edit, lineOf, NOW, SAMPLE_FILE, SAMPLE_YAML, SENTINEL, WORLD_V4 } from './sample';

const SEED_RULE_IDS = [
  'bastion_ssh',
  'bastion_outbound',
  'frontend_http',
  'frontend_https',
  'frontend_to_backend',
  'frontend_outbound',
  'backend_from_alb',
  'backend_from_bastion',
  'backend_from_redis',
  'backend_to_database',
  'backend_to_redis',
  'backend_outbound',
  'database_from_backend',
  'database_from_bastion',
  'database_outbound_none',
  'redis_from_backend',
  'redis_from_bastion',
  'redis_internal',
  'redis_outbound_none',
  'vpc_endpoints_https',
  'vpc_endpoints_http',
];
const SEED_BASTION_CIDR = '203.0.113.0/32';
const SEED_VPC_CIDR = '10.0.0.0/16';

const EXCEPTION = `exceptions:
  - role: cache
    environment: production
    rule:
      direction: ingress
      protocol: tcp
      ports: 6379
      peer: { var: admin_cidr }
    reason: Vendor debugging a replication stall
    owner: alice@example.com
    ticket: INC-4711
    expires: 2026-12-10
`;

function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** The one-line error parsing `text` raises. */
function errorOf(text: string): string {
  try {
    parseBaseline(text, SAMPLE_FILE, { now: NOW });
  } catch (error) {
    expect(error).toBeInstanceOf(BaselineError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a BaselineError');
}

describe('baseline: bundled baselines/thebot.yml', () => {
  const doc = loadBaselineFile(DEFAULT_BASELINE_FILE, { now: NOW });

  it('declares the seed six roles and every rule id of its tables', () => {
    expect(Object.keys(doc.roles)).toEqual([
      'bastion',
      'frontend',
      'backend',
      'database',
      'redis',
      'vpc-endpoints',
    ]);
    const ids = Object.values(doc.roles).flatMap((role) =>
      [...role.ingress, ...role.egress].map((rule) => rule.id),
    );
    expect(ids).toEqual(SEED_RULE_IDS);
  });

  it('has the seed rule counts per group (in/out)', () => {
    const counts = Object.fromEntries(
      Object.entries(doc.roles).map(([role, spec]) => [role, [spec.ingress.length, spec.egress.length]]),
    );
    expect(counts).toEqual({
      bastion: [1, 1],
      frontend: [2, 2],
      backend: [3, 3],
      database: [2, 1],
      redis: [3, 1],
      'vpc-endpoints': [2, 0],
    });
  });

  it('follows the risk matrix and marks database and redis as no outbound', () => {
    const production = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production', { now: NOW });
    const summary = production.roles.map((role) => [role.role, role.risk, role.noOutbound, role.autoRevert]);
    expect(summary).toEqual([
      ['bastion', 'MEDIUM', false, true],
      ['frontend', 'LOW', false, true],
      ['backend', 'HIGH', false, true],
      ['database', 'CRITICAL', true, true],
      ['redis', 'HIGH', true, true],
      ['vpc-endpoints', 'MEDIUM', false, true],
    ]);
    expect(production.requiredTags).toEqual(['Name', 'Environment', 'ManagedBy']);
    expect(production.restrictedPorts).toEqual([22, 5432, 6379, 8000, 16379]);
  });

  it('resolves production to the seed values and group names', () => {
    const production = forEnvironment(doc, 'production');
    const rule = (id: string) => production.roles.flatMap((role) => role.rules).find((r) => r.id === id);
    expect(rule('bastion_ssh')?.peer).toEqual({ kind: 'cidr4', value: SEED_BASTION_CIDR });
    expect(rule('vpc_endpoints_https')?.peer).toEqual({ kind: 'cidr4', value: SEED_VPC_CIDR });
    expect(rule('redis_internal')?.peer).toEqual({ kind: 'role', value: 'redis' });
    expect(rule('database_outbound_none')).toMatchObject({ protocol: 'all', fromPort: -1, toPort: -1 });
    expect(production.roles.map((role) => role.selector.groupName)).toEqual([
      'thebot-bastion-sg',
      'thebot-frontend-sg',
      'thebot-backend-sg',
      'thebot-database-sg',
      'thebot-redis-sg',
      'thebot-vpc-endpoints-sg',
    ]);
  });

  it('resolves staging with its own VPC CIDR and Name-tag selectors', () => {
    const staging = forEnvironment(doc, 'staging');
    const https = staging.roles.flatMap((role) => role.rules).find((r) => r.id === 'vpc_endpoints_https');
    expect(https?.peer).toEqual({ kind: 'cidr4', value: '10.1.0.0/16' });
    expect(staging.roles[0]?.selector).toEqual({ nameTag: 'thebot-staging-bastion-sg' });
    expect(staging.vpcIds).toEqual([]);
  });
});

describe('baseline: forEnvironment', () => {
  const doc = parseBaseline(SAMPLE_YAML, SAMPLE_FILE, { now: NOW });

  it('resolves variables, self, protocol -1 and the role defaults', () => {
    const production = forEnvironment(doc, 'production');
    expect(production).toMatchObject({ source: SAMPLE_FILE, name: 'demo', environment: 'production' });
    expect(production.vpcIds).toEqual(['vpc-0123456789abcdef0']);
    const [web, cache] = production.roles;
    expect(web?.rules.map((rule) => [rule.id, rule.direction, rule.peer])).toEqual([
      ['web_https', 'ingress', { kind: 'cidr4', value: WORLD_V4 }],
      ['web_ssh', 'ingress', { kind: 'cidr4', value: ADMIN_CIDR }],
      ['web_to_cache', 'egress', { kind: 'role', value: 'cache' }],
    ]);
    expect(web).toMatchObject({ autoRevert: true, noOutbound: false, compliance: ['SOC2'] });
    expect(cache).toMatchObject({ autoRevert: false, noOutbound: true, compliance: [] });
    expect(cache?.rules[1]).toMatchObject({ id: 'cache_internal', peer: { kind: 'role', value: 'cache' } });
    expect(cache?.rules[2]).toMatchObject({
      protocol: 'all',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'cidr4', value: SENTINEL },
    });
  });

  it('uses each environment own variables', () => {
    const staging = forEnvironment(doc, 'staging');
    expect(staging.roles[0]?.rules[1]?.peer).toEqual({ kind: 'cidr4', value: '192.0.2.0/24' });
  });

  it('gives port ranges the canonical form of observed rules', () => {
    const text = edit(edit(SAMPLE_YAML, 'ports: 443', 'ports: all'), 'ports: 22', 'ports: "8000-8010"');
    const [https, ranged] =
      forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production').roles[0]?.rules ?? [];
    expect(https).toMatchObject({ protocol: 'tcp', fromPort: 0, toPort: 65535 });
    expect(ranged).toMatchObject({ protocol: 'tcp', fromPort: 8000, toPort: 8010 });
  });

  it('writes IPv6 CIDRs as observed rules do', () => {
    const text = edit(SAMPLE_YAML, `cidr: ${WORLD_V4}`, 'cidr: "2001:DB8:0:0::/32"');
    const rule = forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production').roles[0]
      ?.rules[0];
    expect(rule?.peer).toEqual({ kind: 'cidr6', value: '2001:db8::/32' });
  });

  it('keeps the exceptions of the environment, resolved', () => {
    const parsed = parseBaseline(edit(SAMPLE_YAML, 'exceptions: []\n', EXCEPTION), SAMPLE_FILE, { now: NOW });
    expect(forEnvironment(parsed, 'production').exceptions).toEqual([
      {
        role: 'cache',
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 6379,
        toPort: 6379,
        peer: { kind: 'cidr4', value: ADMIN_CIDR },
        reason: 'Vendor debugging a replication stall',
        owner: 'alice@example.com',
        ticket: 'INC-4711',
        expires: new Date('2026-12-10T00:00:00Z'),
      },
    ]);
    expect(forEnvironment(parsed, 'staging').exceptions).toEqual([]);
  });

  it('accepts an exception that has already expired: the audit reports it', () => {
    const text = edit(edit(SAMPLE_YAML, 'exceptions: []\n', EXCEPTION), '2026-12-10', '2026-01-01');
    expect(
      forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production').exceptions,
    ).toHaveLength(1);
  });

  it('refuses an unknown environment with the known ones', () => {
    expect(() => forEnvironment(doc, 'prod')).toThrow(
      new InputError(`${doc.source}: unknown environment 'prod' (known: production, staging)`),
    );
  });
});

describe('baseline: validation errors are one line naming file, path and problem', () => {
  it.each([
    [
      'an unknown key',
      'protocol: tcp',
      'protocol: tcp\n        prot: udp',
      'roles.web.ingress[0].prot: unknown key',
      'prot: udp',
    ],
    [
      'a group id as peer',
      '{ cidr: 0.0.0.0/0 }',
      '{ groupId: sg-0123 }',
      'roles.web.ingress[0].peer.groupId: unknown key',
      'groupId',
    ],
    [
      'a bad CIDR',
      'cidr: 0.0.0.0/0',
      'cidr: 10.0.0.0/33',
      'roles.web.ingress[0].peer.cidr: not a valid IPv4 or IPv6 CIDR',
      'cidr: 10.0.0.0/33',
    ],
    [
      'a port out of range',
      'ports: 443',
      'ports: 70000',
      'roles.web.ingress[0].ports: 70000 is outside 0-65535',
      'ports: 70000',
    ],
    [
      'a port that is not a number',
      'ports: 443',
      'ports: https',
      'roles.web.ingress[0].ports: "https" is not a port, a range "from-to" or all',
      'ports: https',
    ],
    [
      'from greater than to',
      'ports: 443',
      'ports: 8010-8000',
      'roles.web.ingress[0].ports: from 8010 is greater than to 8000',
      'ports: 8010',
    ],
    [
      'a port with protocol all',
      'ports: all',
      'ports: 22',
      'roles.cache.egress[0].ports: protocol all covers every port; write ports: all',
      'ports: 22\n        protocol: -1',
    ],
    [
      'an unknown protocol',
      'protocol: tcp',
      'protocol: tpc',
      'roles.web.ingress[0].protocol: unknown protocol "tpc" (tcp, udp, icmp, icmpv6, all or -1, or an IANA number)',
      'protocol: tpc',
    ],
    [
      'a missing field',
      '        purpose: HTTPS access\n',
      '',
      'roles.web.ingress[0].purpose: required',
      '- id: web_https',
    ],
    [
      'a wrong type',
      'autoRevert: false',
      'autoRevert: sometimes',
      'roles.cache.autoRevert: expected a boolean, got "sometimes"',
      'autoRevert',
    ],
    [
      'an unknown risk',
      'risk: LOW',
      'risk: SEVERE',
      'roles.web.risk: expected "CRITICAL" or "HIGH" or "MEDIUM" or "LOW", got "SEVERE"',
      'risk: SEVERE',
    ],
    [
      'an unknown peer role',
      '{ role: web }',
      '{ role: db }',
      "roles.cache.ingress[0].peer.role: unknown role 'db' (known: web, cache; or self)",
      'role: db',
    ],
    [
      'an undefined variable',
      '{ var: admin_cidr }',
      '{ var: office_cidr }',
      "roles.web.ingress[1].peer.var: variable 'office_cidr' is not defined in environments.production.vars",
      'var: office_cidr',
    ],
    [
      'a duplicate rule id',
      'id: cache_internal',
      'id: web_https',
      "roles.cache.ingress[1].id: duplicate rule id 'web_https' (first at roles.web.ingress[0].id)",
      'id: web_https',
      'cache:',
    ],
    [
      'a selector for an unknown role',
      'cache: { nameTag: demo-cache }',
      'cache: { nameTag: demo-cache }\n      db: { groupName: demo-db-sg }',
      "environments.production.roles.db: unknown role 'db' (known: web, cache)",
      'db: { groupName',
    ],
    [
      'a role without a selector',
      '      cache: { groupName: demo-staging-cache-sg }\n',
      '',
      "environments.staging.roles: no selector for role 'cache'",
      'roles:',
      'staging:',
    ],
    [
      'outbound on a no-outbound role',
      `cidr: ${SENTINEL}`,
      `cidr: ${WORLD_V4}`,
      'roles.cache.egress[0]: a noOutbound role declares only the 127.0.0.1/32 sentinel with protocol all',
      '- id: cache_outbound_none',
    ],
    ['a bad version', 'version: 1', 'version: 2', 'version: expected 1, got 2', 'version'],
  ])('%s', (_name, from, to, expected, lineNeedle, after = '') => {
    const text = edit(SAMPLE_YAML, from, to, after);
    expect(errorOf(text)).toBe(`${SAMPLE_FILE}: ${expected} (line ${lineOf(text, lineNeedle, after)})`);
  });

  it('an exception for an unknown environment', () => {
    const text = edit(
      SAMPLE_YAML,
      'exceptions: []\n',
      EXCEPTION.replace('environment: production', 'environment: prod'),
    );
    expect(errorOf(text)).toBe(
      `${SAMPLE_FILE}: exceptions[0].environment: unknown environment 'prod' (known: production, staging) (line ${lineOf(text, 'environment: prod')})`,
    );
  });

  it('an exception that expires more than 30 days ahead', () => {
    const text = edit(SAMPLE_YAML, 'exceptions: []\n', EXCEPTION.replace('2026-12-10', '2027-01-15'));
    expect(errorOf(text)).toBe(
      `${SAMPLE_FILE}: exceptions[0].expires: 2027-01-15 is more than 30 days after 2026-11-27; exceptions are temporary (line ${lineOf(text, 'expires:')})`,
    );
  });

  it('an exception whose expiry is not a date', () => {
    const text = edit(SAMPLE_YAML, 'exceptions: []\n', EXCEPTION.replace('2026-12-10', 'next week'));
    expect(errorOf(text)).toBe(
      `${SAMPLE_FILE}: exceptions[0].expires: expected a date (2026-12-31) or an ISO timestamp (line ${lineOf(text, 'expires:')})`,
    );
  });

  it('a YAML syntax error', () => {
    const text = edit(SAMPLE_YAML, 'restrictedPorts: [22, 6379]', 'restrictedPorts: [22, 6379');
    expect(errorOf(text)).toMatch(new RegExp(`^${SAMPLE_FILE}: yaml: .+ \\(line \\d+\\)$`));
  });

  it('a duplicate YAML key', () => {
    const text = edit(SAMPLE_YAML, 'name: demo', 'name: demo\nname: other');
    expect(errorOf(text)).toBe(`${SAMPLE_FILE}: yaml: Map keys must be unique (line 3)`);
  });

  it('a YAML alias bomb ("billion laughs"), before it expands', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefghi') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(errorOf(levels.join('\n'))).toBe(
      `${SAMPLE_FILE}: yaml: too many aliases (more than 100); an alias bomb is refused`,
    );
  });

  it('a protocol number with leading zeros, read as AWS reads it', () => {
    const text = edit(
      edit(SAMPLE_YAML, 'protocol: tcp', 'protocol: "006"'),
      'protocol: -1',
      'protocol: "-1"',
    );
    const web = forEnvironment(parseBaseline(text, SAMPLE_FILE, { now: NOW }), 'production').roles[0];
    expect(web?.rules[0]).toMatchObject({ id: 'web_https', protocol: 'tcp', fromPort: 443, toPort: 443 });
  });

  it('an empty file', () => {
    expect(errorOf('')).toBe(`${SAMPLE_FILE}: (root): expected a mapping, got nothing`);
  });
});

describe('baseline: loadBaselineFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sgdrift-baseline-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file it read in its errors', async () => {
    const file = path.join(dir, 'broken.yml');
    await writeFile(file, edit(SAMPLE_YAML, 'ports: 443', 'ports: 70000'));
    expect(() => loadBaselineFile(file, { now: NOW })).toThrow(
      new BaselineError(`${file}: roles.web.ingress[0].ports: 70000 is outside 0-65535 (line 12)`),
    );
  });

  it('reports a missing file in one line', () => {
    const file = path.join(dir, 'absent.yml');
    const error = thrownBy(() => loadBaselineFile(file));
    expect(error).toBeInstanceOf(BaselineError);
    expect(error.message).toBe(`${file}: cannot read file (ENOENT)`);
  });

  it('loads a valid file and keeps its path as the source', async () => {
    const file = path.join(dir, 'ok.yml');
    await writeFile(file, SAMPLE_YAML);
    expect(loadEnvironmentBaseline(file, 'staging', { now: NOW }).source).toBe(file);
  });
});
