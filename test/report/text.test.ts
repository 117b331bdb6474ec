import { renderText } from '../../src/report/text';
import {
  addRule,
  baselineRuleAsRule,
  compliantResult,
  findingOn,
  ingress,
  removeBaselineRule,
  VPC_ID,
  WORLD_V4,
  WORLD_V6,
  withFindings,
  withGroups,
} from './fixtures';

// The seed's "Output Example", with the two wordings the renderer states differently on purpose:
// egress 5432 is named like ingress 5432 ("PostgreSQL (5432)", the seed says "Port 5432"), and the
// VPC-endpoint rules from 10.0.0.0/16 are "Restricted" (not world-open), where the seed says "Expected".
const SEED_TREE = `Security Groups Audit Report
==============================

VPC: vpc-0123456789abcdef0
Environment: production
Timestamp: 2025-12-27T10:30:00Z

Security Groups Found: 6
├── bastion-sg (sg-001)
│   ├── Inbound Rules: 1
│   │   └── SSH (22) from 203.0.113.0/32 ✓ Restricted
│   ├── Outbound Rules: 1
│   │   └── All to 0.0.0.0/0 ✓ Expected
│   └── Status: COMPLIANT
│
├── frontend-sg (sg-002)
│   ├── Inbound Rules: 2
│   │   ├── HTTP (80) from 0.0.0.0/0 ✓ Expected
│   │   └── HTTPS (443) from 0.0.0.0/0 ✓ Expected
│   ├── Outbound Rules: 2
│   │   ├── Port 8000 to backend-sg ✓ Restricted
│   │   └── All to 0.0.0.0/0 ✓ Expected
│   └── Status: COMPLIANT
│
├── backend-sg (sg-003)
│   ├── Inbound Rules: 3
│   │   ├── Port 8000 from frontend-sg ✓ Restricted
│   │   ├── SSH (22) from bastion-sg ✓ Restricted
│   │   └── Port 6379 from redis-sg ✓ Restricted
│   ├── Outbound Rules: 3
│   │   ├── PostgreSQL (5432) to database-sg ✓ Restricted
│   │   ├── Port 6379 to redis-sg ✓ Restricted
│   │   └── All to 0.0.0.0/0 ✓ Expected
│   └── Status: COMPLIANT
│
├── database-sg (sg-004)
│   ├── Inbound Rules: 2
│   │   ├── PostgreSQL (5432) from backend-sg ✓ Restricted
│   │   └── PostgreSQL (5432) from bastion-sg ✓ Restricted
│   ├── Outbound Rules: 1
│   │   └── No outbound (127.0.0.1/32) ✓ Compliant
│   └── Status: COMPLIANT
│
├── redis-sg (sg-005)
│   ├── Inbound Rules: 3
│   │   ├── Port 6379 from backend-sg ✓ Restricted
│   │   ├── Port 6379 from bastion-sg ✓ Restricted
│   │   └── Port 16379 from redis-sg ✓ Restricted
│   ├── Outbound Rules: 1
│   │   └── No outbound (127.0.0.1/32) ✓ Compliant
│   └── Status: COMPLIANT
│
└── vpc-endpoints-sg (sg-006)
    ├── Inbound Rules: 2
    │   ├── HTTPS (443) from 10.0.0.0/16 ✓ Restricted
    │   └── HTTP (80) from 10.0.0.0/16 ✓ Restricted
    ├── Outbound Rules: 0
    │   └── (Managed by source SG: no outbound rules, only replies to inbound traffic) ✓ Expected
    └── Status: COMPLIANT

Overall Compliance: COMPLIANT
Scan Duration: 2.34 seconds
`;

const DB_WORLD = ingress('tcp', 5432, 5432, WORLD_V4);

function lines(text: string): string[] {
  return text.split('\n');
}

describe('report: text', () => {
  it('renders the seed tree for the compliant six-group estate', () => {
    expect(renderText(compliantResult())).toBe(SEED_TREE);
  });

  it('lists rules in baseline order whatever order AWS returned them in', () => {
    const shuffled = withGroups(compliantResult(), (groups) =>
      groups.map((group) => ({ ...group, rules: [...group.rules].reverse() })),
    );
    expect(renderText(shuffled)).toBe(SEED_TREE);
  });

  it('marks a world-open database rule with every check that flagged it, most severe first', () => {
    const drifted = withFindings(addRule(compliantResult(), 'database', DB_WORLD), [
      findingOn('database', { check: 'unexpected-rules', severity: 'HIGH', rule: DB_WORLD }),
      findingOn('database', { check: 'permissive-rules', severity: 'CRITICAL', rule: DB_WORLD }),
    ]);
    const text = lines(renderText(drifted));
    expect(text).toContain('├── database-sg (sg-004)');
    expect(text).toContain('│   ├── Inbound Rules: 3');
    expect(text).toContain(
      '│   │   └── PostgreSQL (5432) from 0.0.0.0/0 ✗ permissive-rules CRITICAL, unexpected-rules HIGH',
    );
    expect(text).toContain('│   └── Status: NON-COMPLIANT');
    expect(text).toContain('Overall Compliance: NON-COMPLIANT');
    expect(text.filter((line) => line.includes('Status: COMPLIANT'))).toHaveLength(5);
  });

  it('lists a missing baseline rule under its direction with its baseline id', () => {
    const missing = baselineRuleAsRule('backend_from_bastion');
    const drifted = withFindings(removeBaselineRule(compliantResult(), 'backend', 'backend_from_bastion'), [
      findingOn('backend', {
        check: 'missing-rules',
        severity: 'MEDIUM',
        rule: missing,
        baselineRuleId: 'backend_from_bastion',
      }),
    ]);
    const text = renderText(drifted);
    expect(text).toContain(
      [
        '│   ├── Inbound Rules: 2',
        '│   │   ├── Port 8000 from frontend-sg ✓ Restricted',
        '│   │   ├── Port 6379 from redis-sg ✓ Restricted',
        '│   │   └── ✗ missing: SSH (22) from bastion-sg (backend_from_bastion)',
      ].join('\n'),
    );
  });

  it('names a missing baseline rule from the baseline when the finding carries no rule', () => {
    const drifted = withFindings(removeBaselineRule(compliantResult(), 'redis', 'redis_from_bastion'), [
      findingOn('redis', {
        check: 'missing-rules',
        severity: 'MEDIUM',
        baselineRuleId: 'redis_from_bastion',
      }),
    ]);
    expect(lines(renderText(drifted))).toContain(
      '│   │   └── ✗ missing: Port 6379 from bastion-sg (redis_from_bastion)',
    );
  });

  it('shows group-level findings as their own line before the status', () => {
    const drifted = withFindings(compliantResult(), [
      findingOn('redis', { check: 'missing-tags', severity: 'LOW' }),
    ]);
    expect(renderText(drifted)).toContain('│   ├── ✗ missing-tags LOW\n│   └── Status: NON-COMPLIANT');
  });

  it('gives a missing group its own branch', () => {
    const missing = withFindings(
      withGroups(compliantResult(), (groups) => groups.filter((group) => group.groupId !== 'sg-006')),
      [findingOn('vpc-endpoints', { check: 'missing-groups', severity: 'MEDIUM', group: undefined })].map(
        (finding) => ({ ...finding, groupId: null, groupName: null }),
      ),
    );
    const text = renderText(missing);
    expect(text).toContain('Security Groups Found: 5\n');
    expect(text).toContain(
      '└── vpc-endpoints-sg (not found) ✗ missing-groups MEDIUM\n    └── Status: NON-COMPLIANT',
    );
  });

  it('shows unknown groups of the VPC after the baseline roles, and the empty default group', () => {
    const rogue = { groupId: 'sg-0rogue', groupName: 'launch-wizard-1', vpcId: VPC_ID, tags: {}, rules: [] };
    const empty = { groupId: 'sg-0default', groupName: 'default', vpcId: VPC_ID, tags: {}, rules: [] };
    const elsewhere = {
      groupId: 'sg-0other',
      groupName: 'other-vpc',
      vpcId: 'vpc-other',
      tags: {},
      rules: [],
    };
    const result = withFindings(
      withGroups(compliantResult(), (groups) => [rogue, ...groups, empty, elsewhere]),
      [findingOn(null, { check: 'unknown-groups', severity: 'MEDIUM', group: rogue })],
    );
    const text = lines(renderText(result));
    const vpcEndpoints = text.indexOf('├── vpc-endpoints-sg (sg-006)');
    expect(vpcEndpoints).toBeGreaterThan(0);
    expect(text.indexOf('├── launch-wizard-1 (sg-0rogue)')).toBeGreaterThan(vpcEndpoints);
    expect(text).toContain('└── default (sg-0default)');
    expect(text.some((line) => line.includes('other-vpc'))).toBe(false);
    expect(text).toContain('Security Groups Found: 9 (8 shown: baseline roles and groups with findings)');
  });

  it('writes the findings section by severity, CRITICAL first, with message and remediation', () => {
    const drifted = withFindings(addRule(compliantResult(), 'backend', ingress('tcp', 22, 22, WORLD_V6)), [
      findingOn('redis', { check: 'missing-tags', severity: 'LOW', message: 'redis-sg lacks tag ManagedBy' }),
      findingOn('backend', {
        check: 'permissive-rules',
        severity: 'CRITICAL',
        rule: ingress('tcp', 22, 22, WORLD_V6),
        message: 'SSH open to the internet',
        remediation: 'Revoke it; use the bastion',
      }),
    ]);
    const text = renderText(drifted);
    expect(text).toContain(
      [
        'Findings',
        '--------',
        'CRITICAL (1)',
        '  ✗ permissive-rules: backend-sg (sg-003), SSH (22) from ::/0',
        '    SSH open to the internet',
        '    Remediation: Revoke it; use the bastion',
        'LOW (1)',
        '  ✗ missing-tags: redis-sg (sg-005)',
        '    redis-sg lacks tag ManagedBy',
        '    Remediation: fix missing-tags',
        '',
        'Overall Compliance: NON-COMPLIANT',
      ].join('\n'),
    );
  });

  it('keeps the most severe findings under maxFindings and says how many it left out', () => {
    const rogue = { groupId: 'sg-0rogue', groupName: 'launch-wizard-1', vpcId: VPC_ID, tags: {}, rules: [] };
    const drifted = withFindings(
      addRule(
        withGroups(compliantResult(), (groups) => [...groups, rogue]),
        'database',
        DB_WORLD,
      ),
      [
        findingOn(null, { check: 'unknown-groups', severity: 'MEDIUM', group: rogue }),
        findingOn('database', { check: 'unexpected-rules', severity: 'HIGH', rule: DB_WORLD }),
        findingOn('database', { check: 'permissive-rules', severity: 'CRITICAL', rule: DB_WORLD }),
      ],
    );
    const text = renderText(drifted, { maxFindings: 1 });
    expect(text).toContain(
      'CRITICAL (1)\n  ✗ permissive-rules: database-sg (sg-004), PostgreSQL (5432) from 0.0.0.0/0',
    );
    expect(text).not.toContain('HIGH (');
    expect(text).toContain('2 findings omitted');
    // The tree still tells the truth about the rule; the group known only through an omitted finding is not drawn.
    expect(text).toContain(
      'PostgreSQL (5432) from 0.0.0.0/0 ✗ permissive-rules CRITICAL, unexpected-rules HIGH',
    );
    expect(text).not.toContain('launch-wizard-1');
  });

  it('marks a rule covered by a baseline exception and lists the exception apart', () => {
    const temporary = ingress('tcp', 9000, 9000, '198.51.100.7/32', 'vendor debug');
    const suppressed = findingOn('backend', { check: 'unexpected-rules', severity: 'HIGH', rule: temporary });
    const result = withFindings(
      addRule(compliantResult(), 'backend', temporary),
      [],
      [
        {
          finding: suppressed,
          reason: 'vendor debugging',
          owner: 'alice',
          ticket: 'SEC-42',
          expires: '2026-01-31',
        },
      ],
    );
    const text = renderText(result);
    expect(text).toContain('Port 9000 from 198.51.100.7/32 ✓ Exception SEC-42 (expires 2026-01-31)');
    expect(text).toContain(
      'Suppressed by baseline exceptions: 1\n  - unexpected-rules: backend-sg (sg-003), Port 9000',
    );
    expect(text).toContain('Overall Compliance: COMPLIANT');
  });

  it('keeps user-controlled text on one line, its line breaks shown escaped', () => {
    const drifted = withFindings(compliantResult(), [
      findingOn('redis', {
        check: 'undocumented-rules',
        severity: 'LOW',
        message: 'bad\ndescription\r\n├── fake-sg',
      }),
    ]);
    expect(renderText(drifted)).toContain('    bad\\ndescription\\r\\n├── fake-sg\n');
  });
});
