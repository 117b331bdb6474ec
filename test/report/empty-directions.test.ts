import { auditEstate } from '../../src/app/run-audit';
import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import { readSnapshot } from '../../src/model/snapshot';
import { renderJson } from '../../src/report/json';
import { renderText } from '../../src/report/text';

// Groups as real accounts hold them: an EC2-Classic group (no VpcId, no IpPermissionsEgress at
// all), a VPC group whose default egress rule was revoked, a VPC group with no rule either way.
const NOW = new Date('2025-12-27T10:30:00Z');
const VPC = 'vpc-0a1b2c3d';
const tags = (name: string, environment = 'production') => [
  { Key: 'Name', Value: name },
  { Key: 'Environment', Value: environment },
  { Key: 'ManagedBy', Value: 'terraform' },
];
const SSH_FROM_OFFICE = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '203.0.113.0/32', Description: 'office' }],
};

const SNAPSHOT = {
  SecurityGroups: [
    {
      GroupId: 'sg-1a2b3c4d',
      GroupName: 'classic-web',
      Description: 'EC2-Classic',
      OwnerId: '123456789012',
      Tags: tags('classic-web'),
      IpPermissions: [SSH_FROM_OFFICE],
    },
    {
      GroupId: 'sg-0a000000000000001',
      GroupName: 'endpoints',
      Description: 'interface endpoints',
      OwnerId: '123456789012',
      VpcId: VPC,
      Tags: tags('endpoints'),
      IpPermissions: [{ ...SSH_FROM_OFFICE, FromPort: 443, ToPort: 443 }],
      IpPermissionsEgress: [],
    },
    {
      GroupId: 'sg-0a000000000000002',
      GroupName: 'quiet',
      Description: 'nothing in, nothing out',
      OwnerId: '123456789012',
      VpcId: VPC,
      Tags: [
        { Key: 'Name', Value: 'quiet' },
        { Key: 'Environment', Value: 'staging' },
      ],
      IpPermissions: [],
      IpPermissionsEgress: [],
    },
  ],
};

const role = (title: string, ingress: string) => `
    title: ${title}
    risk: MEDIUM
    ingress: ${ingress}
    egress: []`;
const inbound = (port: number) => `
      - { id: in_${port}, ports: ${port}, protocol: tcp, peer: { cidr: 203.0.113.0/32 }, purpose: p, justification: j, description: office }`;
const BASELINE = `
version: 1
name: empty
requiredTags: [Name, Environment, ManagedBy]
restrictedPorts: []
roles:
  classic:${role('Classic', inbound(22))}
  endpoints:${role('Endpoints', inbound(443))}
  quiet:${role('Quiet', '[]')}
environments:
  production:
    roles:
      classic: { groupName: classic-web }
      endpoints: { groupName: endpoints }
      quiet: { groupName: quiet }
`;

function audit() {
  const baseline = forEnvironment(parseBaseline(BASELINE, 'empty.yml', { now: NOW }), 'production');
  return auditEstate(baseline, readSnapshot(SNAPSHOT, 'empty.json'), { now: NOW });
}

function report(): string[] {
  return renderText(audit()).split('\n');
}

/** The lines of one group's branch in the tree. */
function branch(lines: string[], group: string): string[] {
  const start = lines.findIndex((line) => line.includes(`── ${group} (`));
  const end = lines.findIndex((line, index) => index > start && line.includes('Status:'));
  return lines.slice(start, end + 1).map((line) => line.replace(/^[│ ]*[├└]── /, ''));
}

describe('report: a direction without rules says what it means', () => {
  it('EC2-Classic: no egress rules because outbound is not filtered at all', () => {
    expect(branch(report(), 'classic-web')).toContain(
      '(EC2-Classic: no egress rules, outbound traffic is not filtered) ✓ Expected',
    );
  });

  it('a VPC group with no rule either way: no inbound traffic, no outbound traffic at all', () => {
    const quiet = branch(report(), 'quiet');
    expect(quiet).toContain('(No inbound rules: no inbound traffic) ✓ Expected');
    expect(quiet).toContain('(No outbound rules: no outbound traffic at all) ✓ Expected');
    expect(quiet.join('\n')).not.toContain('Managed by source SG');
  });

  it("keeps the seed's wording for a VPC group that answers inbound traffic and starts none", () => {
    expect(branch(report(), 'endpoints')).toContain(
      '(Managed by source SG: no outbound rules, only replies to inbound traffic) ✓ Expected',
    );
  });
});

describe('report: missing-tags lines name the tag', () => {
  it('names a missing tag and a wrong Environment value', () => {
    const quiet = branch(report(), 'quiet');
    expect(quiet).toContain('✗ missing-tags LOW: no ManagedBy tag');
    expect(quiet).toContain('✗ missing-tags LOW: Environment=staging, expected production');
  });

  it('carries the tag in the JSON finding', () => {
    const findings = JSON.parse(renderJson(audit())).findings;
    expect(findings.filter((finding: { check: string }) => finding.check === 'missing-tags')).toEqual([
      expect.objectContaining({ groupName: 'quiet', tag: 'Environment' }),
      expect.objectContaining({ groupName: 'quiet', tag: 'ManagedBy' }),
    ]);
  });
});
