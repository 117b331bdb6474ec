import type { SecurityGroup } from '../../src/model/types';
import { buildAuditDigest, digestMessageBytes } from '../../src/notify/audit-digest';
import { cutText, SNS_MAX_MESSAGE_BYTES, SNS_MAX_SUBJECT_CHARS, safeSubject } from '../../src/notify/limits';
import { snsMessageBody } from '../../src/notify/sns-message';
import { renderText } from '../../src/report/text';
import type { Finding } from '../../src/rules/types';
import {
  addRule,
  compliantResult,
  findingOn,
  GROUP_ID,
  ingress,
  resultOf,
  seedBaseline,
  VPC_ID,
  WORLD_V4,
  withFindings,
} from '../report/fixtures';

const DB_WORLD = ingress('tcp', 5432, 5432, WORLD_V4);
const ESTATE_GROUPS = 5_000;
// Few enough CRITICALs that all of them fit, many enough MEDIUM and LOW that most must go.
const CRITICAL_EVERY = 100;
const SNS_PROTOCOL_KEYS = ['default', 'email', 'sqs', 'lambda', 'https'];

function drifted() {
  return withFindings(addRule(compliantResult(), 'database', DB_WORLD), [
    findingOn('redis', { check: 'missing-tags', severity: 'LOW' }),
    findingOn('database', {
      check: 'permissive-rules',
      severity: 'CRITICAL',
      rule: DB_WORLD,
      compliance: ['HIPAA'],
    }),
  ]);
}

/** The seed's six groups plus 5,000 rogue groups in the VPC: 5,000 MEDIUM, 10,000 LOW, 50 CRITICAL findings. */
function hugeEstate() {
  const base = compliantResult();
  const rogues: SecurityGroup[] = [];
  const findings: Finding[] = [];
  for (let index = 0; index < ESTATE_GROUPS; index += 1) {
    const rules = [ingress('tcp', 443, 443, '198.51.100.0/24'), ingress('tcp', 22, 22, WORLD_V4)];
    const group = {
      groupId: `sg-${index.toString(16).padStart(17, '0')}`,
      groupName: `rogue-${index}`,
      vpcId: VPC_ID,
      tags: {},
      rules,
    };
    rogues.push(group);
    // Severities interleaved, as an engine that walks group by group would emit them.
    findings.push(
      findingOn(null, {
        check: 'unknown-groups',
        severity: 'MEDIUM',
        group,
        message: `${group.groupName} maps to no role`,
      }),
    );
    for (const rule of rules) {
      findings.push(
        findingOn(null, {
          check: 'undocumented-rules',
          severity: 'LOW',
          group,
          rule,
          message: `${group.groupName} has a rule with no description`,
        }),
      );
    }
    if (index % CRITICAL_EVERY === 0) {
      findings.push(
        findingOn(null, {
          check: 'permissive-rules',
          severity: 'CRITICAL',
          group,
          rule: rules[1] ?? null,
          message: `SSH open to the internet on ${group.groupName}`,
        }),
      );
    }
  }
  return resultOf(seedBaseline(), [...base.estate.groups, ...rogues], findings, []);
}

describe('notify: audit digest', () => {
  it('writes the subject with the compliance word, environment, date and counts', () => {
    expect(buildAuditDigest(drifted()).subject).toBe(
      '[NON-COMPLIANT] production security group audit 2025-12-27: 1 critical, 0 high, 0 medium, 1 low',
    );
    expect(buildAuditDigest(compliantResult()).subject).toBe(
      '[COMPLIANT] production security group audit 2025-12-27: 0 critical, 0 high, 0 medium, 0 low',
    );
  });

  it('sends the text report as the people body and tags the message with the highest severity', () => {
    const result = drifted();
    const digest = buildAuditDigest(result);
    expect(digest.text).toBe(renderText(result));
    expect(digest.attributes).toEqual({ kind: 'audit', environment: 'production', severity: 'CRITICAL' });
    expect(buildAuditDigest(compliantResult()).attributes.severity).toBe('NONE');
  });

  it('gives machines the audit JSON with kind "audit" and nothing omitted', () => {
    const json = buildAuditDigest(drifted()).json as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([
      'compliant',
      'environment',
      'findings',
      'generatedAt',
      'kind',
      'omittedFindings',
      'omittedSuppressed',
      'summary',
      'suppressed',
    ]);
    expect(json).toMatchObject({
      kind: 'audit',
      environment: 'production',
      compliant: false,
      omittedFindings: 0,
    });
    expect((json.findings as Finding[]).map((finding) => finding.severity)).toEqual(['CRITICAL', 'LOW']);
  });

  it('builds the SNS json message: text for default and email, the JSON string for sqs, lambda and https', () => {
    const digest = buildAuditDigest(drifted());
    const body = JSON.parse(snsMessageBody(digest));
    expect(Object.keys(body)).toEqual(SNS_PROTOCOL_KEYS);
    expect(body.default).toBe(digest.text);
    expect(body.email).toBe(digest.text);
    expect(JSON.parse(body.sqs)).toEqual(digest.json);
    expect(body.lambda).toBe(body.sqs);
    expect(body.https).toBe(body.sqs);
  });

  describe('past the SNS limit (5,000 groups of findings)', () => {
    const result = hugeEstate();
    const total = result.findings.length;
    const criticals = result.findings.filter((finding) => finding.severity === 'CRITICAL').length;
    const digest = buildAuditDigest(result);
    const body = snsMessageBody(digest);
    const json = JSON.parse(JSON.parse(body).sqs) as { findings: Finding[]; omittedFindings: number };

    it('keeps the whole message within 262,144 bytes and valid JSON', () => {
      expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
      expect(Object.keys(JSON.parse(body))).toEqual(SNS_PROTOCOL_KEYS);
    });

    it('keeps every CRITICAL finding, first, then the next most severe', () => {
      const severities = json.findings.map((finding) => finding.severity);
      expect(severities.length).toBeGreaterThan(criticals);
      expect(criticals).toBe(ESTATE_GROUPS / CRITICAL_EVERY);
      expect(severities.slice(0, criticals)).toEqual(Array(criticals).fill('CRITICAL'));
      expect(
        severities.slice(criticals).every((severity) => severity === 'MEDIUM' || severity === 'LOW'),
      ).toBe(true);
      expect(
        severities.indexOf('LOW') === -1 || severities.lastIndexOf('MEDIUM') < severities.indexOf('LOW'),
      ).toBe(true);
    });

    it('says how many findings it left out, in the JSON and in the text', () => {
      expect(json.omittedFindings).toBe(total - json.findings.length);
      expect(json.omittedFindings).toBeGreaterThan(0);
      expect(digest.text).toContain(`${json.omittedFindings} findings omitted`);
      expect(digest.text.match(/^ {2}✗ permissive-rules: /gm)).toHaveLength(criticals);
    });

    it('uses the room it has rather than dropping more than needed', () => {
      expect(digestMessageBytes(digest)).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES * 0.95);
    });

    it('still counts every finding in the subject', () => {
      // The long form would be 103 characters: "security group" gives way to "SG" so no count is cut.
      expect(digest.subject).toBe(
        `[NON-COMPLIANT] production SG audit 2025-12-27: ${criticals} critical, 0 high, ${ESTATE_GROUPS} medium, ${ESTATE_GROUPS * 2} low`,
      );
    });
  });

  it('cuts the text, and says so, when the baseline groups alone outgrow the limit', () => {
    const rules = Array.from({ length: 8_000 }, (_, index) =>
      ingress('tcp', 1024 + index, 1024 + index, '10.0.0.0/16'),
    );
    const base = compliantResult();
    const groups = base.estate.groups.map((group) =>
      group.groupId === GROUP_ID.backend ? { ...group, rules: [...group.rules, ...rules] } : group,
    );
    const digest = buildAuditDigest(resultOf(base.baseline, groups, [], []));
    expect(digestMessageBytes(digest)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(digest.text).toMatch(
      /report cut to fit the SNS message size limit; run `sgdrift audit` for the full report\.\n$/,
    );
    expect(JSON.parse(JSON.parse(snsMessageBody(digest)).lambda)).toMatchObject({
      kind: 'audit',
      compliant: true,
    });
  });
});

describe('notify: SNS limits', () => {
  it('cuts text to the limit with an ellipsis and leaves short text alone', () => {
    expect(cutText('abcdef', 4)).toBe('abc…');
    expect(cutText('abc', 4)).toBe('abc');
  });

  it('never splits a surrogate pair', () => {
    const cut = cutText('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });

  it('makes a subject SNS accepts: printable ASCII, one line, under 100 characters', () => {
    expect(safeSubject('  line one\nline\ttwo – café ')).toBe('line one\\nline\\ttwo ? caf?');
    const long = safeSubject(`[NON-COMPLIANT] ${'x'.repeat(200)}`);
    expect(long).toHaveLength(SNS_MAX_SUBJECT_CHARS);
    expect(long.endsWith('...')).toBe(true);
    expect(safeSubject('\n\n')).toBe('\\n\\n');
    expect(safeSubject('   ')).toBe('sgdrift alert');
  });
});
