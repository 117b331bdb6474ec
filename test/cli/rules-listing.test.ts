/** Issue 10 item 3: a describe-security-group-rules listing on its own is audited, not refused. */
import { join } from 'node:path';
import { snapshotFile } from '../support/estates';
import { sgdrift } from './run';

const RULES_LISTING = join(__dirname, '../model/fixtures/estate-rules.json');

/** What `aws ec2 authorize-security-group-ingress` prints (API reference: Return + SecurityGroupRules). */
const AUTHORIZE_OUTPUT = {
  Return: true,
  SecurityGroupRules: [
    {
      SecurityGroupRuleId: 'sgr-0b15794cfd1b4e0e1',
      GroupId: 'sg-0c2cb5e3d5f7d0a1b',
      GroupOwnerId: '123456789012',
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      CidrIpv4: '0.0.0.0/0',
    },
  ],
};

describe('cli: audit of a rules listing on its own', () => {
  it('audits the rules by group id and says once what a groups snapshot would add', async () => {
    const { code, stdout, stderr } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      RULES_LISTING,
      '-f',
      'json',
    );
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('names no group, tag or VPC');
    const { findings, summary } = JSON.parse(stdout);
    // Three groups known by id only; their public /32 SSH rules and undocumented rules are judged,
    // nothing that needs names, tags or VPCs is (no missing-groups for the six roles).
    expect(summary.groups).toBe(3);
    expect(findings.map((finding: { check: string }) => finding.check).sort()).toEqual([
      'permissive-rules',
      'permissive-rules',
      'permissive-rules',
      'undocumented-rules',
      'undocumented-rules',
    ]);
  });

  it('flags what authorize-security-group-ingress returned: 5432 open to the world', async () => {
    const { code, stdout } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      snapshotFile(AUTHORIZE_OUTPUT as never),
      '-f',
      'json',
    );
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings.filter(
      (f: { check: string }) => f.check === 'permissive-rules',
    );
    expect(findings).toMatchObject([{ severity: 'CRITICAL', groupId: 'sg-0c2cb5e3d5f7d0a1b' }]);
  });

  it('still refuses an object that is neither, naming both shapes', async () => {
    const { code, stderr } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      snapshotFile({ Reservations: [] } as never),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('SecurityGroupRules (describe-security-group-rules)');
  });
});
