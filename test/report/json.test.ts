import { renderJson, toJsonReport } from '../../src/report/json';
import {
  addRule,
  compliantResult,
  findingOn,
  GENERATED_AT,
  ingress,
  WORLD_V4,
  withFindings,
} from './fixtures';

const DB_WORLD = ingress('tcp', 5432, 5432, WORLD_V4);
const FINDING_KEYS = [
  'check',
  'severity',
  'groupId',
  'groupName',
  'role',
  'direction',
  'rule',
  'baselineRuleId',
  'message',
  'compliance',
  'remediation',
  'exposure',
];

function drifted() {
  const low = findingOn('redis', { check: 'missing-tags', severity: 'LOW' });
  const critical = findingOn('database', {
    check: 'permissive-rules',
    severity: 'CRITICAL',
    rule: DB_WORLD,
    compliance: ['HIPAA', 'PCI-DSS'],
  });
  // A field an engine might attach must not reach the public JSON.
  const extra = { ...findingOn('backend', { check: 'undocumented-rules', severity: 'LOW' }), internal: 42 };
  return withFindings(addRule(compliantResult(), 'database', DB_WORLD), [low, critical, extra]);
}

describe('report: json', () => {
  it('has exactly the public keys, no estate and no baseline', () => {
    const report = toJsonReport(drifted());
    expect(Object.keys(report)).toEqual([
      'environment',
      'compliant',
      'summary',
      'findings',
      'suppressed',
      'generatedAt',
    ]);
    expect(report).toMatchObject({
      environment: 'production',
      compliant: false,
      summary: { groups: 6, rules: 22, findings: { CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 2 } },
      suppressed: [],
      generatedAt: GENERATED_AT,
    });
    for (const finding of report.findings) expect(Object.keys(finding)).toEqual(FINDING_KEYS);
  });

  it('lists findings most severe first, keeping the order within a severity', () => {
    const checks = toJsonReport(drifted()).findings.map((finding) => `${finding.severity} ${finding.check}`);
    expect(checks).toEqual(['CRITICAL permissive-rules', 'LOW missing-tags', 'LOW undocumented-rules']);
  });

  it('carries the rule and the compliance tags of a finding', () => {
    const [critical] = toJsonReport(drifted()).findings;
    expect(critical).toMatchObject({
      groupId: 'sg-004',
      direction: 'ingress',
      rule: DB_WORLD,
      compliance: ['HIPAA', 'PCI-DSS'],
    });
  });

  it('renders as JSON indented by two spaces that parses back to the report', () => {
    const result = drifted();
    const text = renderJson(result);
    expect(text.startsWith('{\n  "environment": "production",\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toJsonReport(result));
  });
});
