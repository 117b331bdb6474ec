import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileBaseline, loadCompiledBaseline } from '../../src/baseline/compiled';
import { DEFAULT_BASELINE_FILE, DEFAULT_COMPILED_BASELINE_FILE } from '../../src/baseline/files';
import { loadBaselineFile, loadEnvironmentBaseline, parseBaseline } from '../../src/baseline/loader';
import { BaselineError } from '../../src/errors';
import { edit, NOW, SAMPLE_FILE, SAMPLE_YAML } from './sample';

const COMPILED_FORMAT = 'sg-drift-monitor/compiled-baseline@1';

describe('baseline: compiled for the Lambdas', () => {
  it('is committed in step with baselines/thebot.yml (run npm run baseline:compile after editing it)', () => {
    const fresh = compileBaseline(loadBaselineFile(DEFAULT_BASELINE_FILE), 'baselines/thebot.yml');
    expect(readFileSync(DEFAULT_COMPILED_BASELINE_FILE, 'utf8')).toBe(fresh);
  });

  it('resolves an environment exactly as the YAML loader does', () => {
    const { source: _yaml, ...fromYaml } = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'staging');
    const { source, ...fromJson } = loadCompiledBaseline(DEFAULT_COMPILED_BASELINE_FILE, 'staging');
    expect(fromJson).toEqual(fromYaml);
    expect(source).toBe(DEFAULT_COMPILED_BASELINE_FILE);
  });

  it('refuses a file that is not a compiled baseline, in one line naming it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-')), 'baseline.json');
    writeFileSync(file, JSON.stringify({ version: 1 }));
    expect(() => loadCompiledBaseline(file, 'production')).toThrow(BaselineError);
    expect(() => loadCompiledBaseline(file, 'production')).toThrow(`${file}: format: expected`);
  });

  it('refuses truncated JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-')), 'baseline.json');
    writeFileSync(file, '{"format":');
    expect(() => loadCompiledBaseline(file, 'production')).toThrow(/cannot read the compiled baseline/);
  });
});

const EXCEPTION_YAML = `exceptions:
  - role: cache
    environment: production
    rule: { direction: ingress, protocol: tcp, ports: 6379, peer: { prefixList: pl-0123456789abcdef0 } }
    reason: Incident
    owner: oncall
    ticket: INC-1
    expires: "2026-12-01"
`;
/** The sample baseline with an exception: every field of the format appears at least once. */
const GROUP_PEER_RULE = `      - id: cache_from_elb
        ports: 6379
        protocol: tcp
        peer: { group: sg-843f59ed, account: amazon-elb, peering: pcx-0a5e2a63 }
        purpose: Cache
        justification: Load balancer
        description: Redis from the ELB (cache_from_elb)
      - id: cache_internal`;
const FULL_DOCUMENT = (() => {
  const withGroupPeer = edit(
    edit(
      edit(SAMPLE_YAML, '      - id: cache_internal', GROUP_PEER_RULE),
      '    risk: LOW\n',
      '    risk: LOW\n    internetFacing: true\n    carriedBy: [load-balancer, instance]\n',
    ),
    'web: { groupName: demo-staging-web-sg }',
    'web: { groupName: demo-staging-web-sg, vpcId: vpc-0fedcba9876543210 }',
  );
  const { source: _source, ...document } = parseBaseline(
    edit(withGroupPeer, 'exceptions: []\n', EXCEPTION_YAML),
    SAMPLE_FILE,
    { now: NOW },
  );
  return JSON.parse(JSON.stringify(document)) as Json;
})();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `root` with the value at `at` replaced (or removed, for `undefined`). */
function replaceAt(root: Json, at: Array<string | number>, replacement: Json | undefined): Json | undefined {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at as [string | number, ...Array<string | number>];
  if (Array.isArray(root)) {
    return root.map((item, index) => (index === head ? (replaceAt(item, rest, replacement) as Json) : item));
  }
  const copy: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(root as { [key: string]: Json })) {
    if (key !== head) copy[key] = value;
    else {
      const next = replaceAt(value, rest, replacement);
      if (next !== undefined) copy[key] = next;
    }
  }
  if (!Object.hasOwn(copy, head) && rest.length === 0 && replacement !== undefined) copy[head] = replacement;
  return copy;
}

/** A near miss of a formatted string: a CIDR with a bad mask, a prefix list id or date that is not one. */
function oddTwinOf(value: string): string {
  if (/^[\d.]+\/\d+$/.test(value)) return value.replace(/\/\d+$/, '/33');
  if (value.startsWith('pl-')) return 'pl-xyz';
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return '2026-02-30';
  return `${value}!`;
}

/** One-change variants of a document: wrong types, blank and odd strings, extra and missing keys. */
function mutationsOf(root: Json): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  const visit = (value: Json, at: Array<string | number>) => {
    const put = (label: string, replacement: Json | undefined) =>
      out.push([`${at.join('.') || '(root)'} ${label}`, replaceAt(root, at, replacement) as Json]);
    put('→ null', null);
    if (Array.isArray(value)) {
      put('→ {}', {});
      put('+ "junk"', [...value, 'junk']);
      for (const [index, item] of value.entries()) visit(item, [...at, index]);
    } else if (value !== null && typeof value === 'object') {
      put('→ []', []);
      put('+ unexpected', { ...value, unexpected: 1 });
      put('+ constructor', { ...value, constructor: 'x' });
      for (const key of Object.keys(value)) {
        if (at.length > 0) put(`- ${key}`, undefined);
        visit(value[key] as Json, [...at, key]);
      }
    } else if (typeof value === 'string') {
      for (const replacement of [5, ' ', 'toString', oddTwinOf(value)])
        put(`→ ${JSON.stringify(replacement)}`, replacement);
    } else if (typeof value === 'number') {
      for (const replacement of ['x', 1.5, 70000]) put(`→ ${JSON.stringify(replacement)}`, replacement);
    } else if (typeof value === 'boolean') {
      put('→ "yes"', 'yes');
    }
  };
  visit(root, []);
  return out;
}

describe('baseline: a compiled file is validated as strictly as the YAML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgdrift-compiled-'));
  const yamlVerdict = (document: Json): string => {
    try {
      parseBaseline(JSON.stringify(document), 'doc.yml', { now: NOW });
      return 'valid';
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      return error.message.split(': ')[1] ?? error.message;
    }
  };
  const compiledVerdict = (document: Json): string => {
    const file = join(dir, 'doc.compiled.json');
    writeFileSync(file, JSON.stringify({ format: COMPILED_FORMAT, compiledFrom: 'doc.yml', document }));
    try {
      loadCompiledBaseline(file, 'production', { now: NOW });
      return 'valid';
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      const path = error.message.split(': ')[1] ?? error.message;
      return path === 'document' ? '(root)' : path.replace(/^document\./, '');
    }
  };

  it('gives the same verdict at the same path for every one-change variant of a full document', () => {
    const variants = mutationsOf(FULL_DOCUMENT);
    expect(variants.length).toBeGreaterThan(300);
    const verdicts = (verdict: (document: Json) => string) =>
      variants.map(([label, document]) => `${label}: ${verdict(document)}`);
    const expected = verdicts(yamlVerdict);
    // Most variants are refused, and not all at one path: the comparison is not vacuous.
    expect(expected.filter((line) => line.endsWith(': valid')).length).toBeLessThan(variants.length / 4);
    expect(verdicts(compiledVerdict)).toEqual(expected);
  });

  it.each([
    [
      'an unknown key',
      ['roles', 'web', 'ingress', 0, 'prot'],
      'udp',
      'document.roles.web.ingress[0].prot: unknown key',
    ],
    [
      'an invalid CIDR',
      ['roles', 'web', 'ingress', 0, 'peer', 'cidr'],
      '0.0.0.0/33',
      'document.roles.web.ingress[0].peer.cidr: not a valid IPv4 or IPv6 CIDR',
    ],
    [
      'a port out of range',
      ['roles', 'web', 'ingress', 0, 'ports'],
      70000,
      'document.roles.web.ingress[0].ports: 70000 is outside 0-65535',
    ],
    [
      'an unknown protocol',
      ['roles', 'web', 'ingress', 0, 'protocol'],
      'gre',
      'document.roles.web.ingress[0].protocol: unknown protocol "gre"',
    ],
    [
      'a wrong type',
      ['roles', 'cache', 'autoRevert'],
      'no',
      'document.roles.cache.autoRevert: expected a boolean, got "no"',
    ],
    [
      'a peer role only Object.prototype has',
      ['roles', 'web', 'egress', 0, 'peer', 'role'],
      'toString',
      "document.roles.web.egress[0].peer.role: unknown role 'toString'",
    ],
  ])('refuses %s in one line naming the file and the path', (_what, at, value, message) => {
    const file = join(dir, 'bad.compiled.json');
    const document = replaceAt(FULL_DOCUMENT, at, value as Json);
    writeFileSync(file, JSON.stringify({ format: COMPILED_FORMAT, compiledFrom: 'x.yml', document }));
    expect(() => loadCompiledBaseline(file, 'production', { now: NOW })).toThrow(BaselineError);
    expect(() => loadCompiledBaseline(file, 'production', { now: NOW })).toThrow(`${file}: ${message}`);
  });

  it('refuses a __proto__ key, an unknown top-level key and a missing compiledFrom', () => {
    const file = join(dir, 'bad.compiled.json');
    const cases: Array<[string, string]> = [
      [
        `{"format":"${COMPILED_FORMAT}","compiledFrom":"x","document":{"__proto__":{"version":1}}}`,
        'document.__proto__: the name __proto__ is reserved',
      ],
      [`{"format":"${COMPILED_FORMAT}","compiledFrom":"x","document":{},"extra":1}`, 'extra: unknown key'],
      [`{"format":"${COMPILED_FORMAT}","document":{}}`, 'compiledFrom: required'],
    ];
    for (const [text, message] of cases) {
      writeFileSync(file, text);
      expect(() => loadCompiledBaseline(file, 'production')).toThrow(
        new BaselineError(`${file}: ${message}`),
      );
    }
  });
});
