import { auditEstate } from '../../src/app/run-audit';
import { readSnapshot } from '../../src/model/snapshot';
import { renderJson } from '../../src/report/json';
import { renderMarkdown } from '../../src/report/markdown';
import { renderText } from '../../src/report/text';
import { forgedVerdicts, HOSTILE, rawUnsafe } from '../support/hostile-text';
import { APP_HERE, NOW, peerBaseline, peerEstate, peerSnapshot } from './peer-estate';

function audit() {
  return auditEstate(peerBaseline(), peerEstate(), { now: NOW });
}

describe('report: peers keep their identity', () => {
  it('names a group of another account, a peered group and a stale reference in the text tree', () => {
    const text = renderText(audit());
    expect(text).toContain(
      'Port 7001 from sg-843f59ed (amazon-elb-sg, account amazon-elb) ✗ unexpected-rules',
    );
    expect(text).toContain(
      'Ports 60000-62000 from sg-e9843198 in vpc-2f09a348 via pcx-0a5e2a63, peering active ✗ unexpected-rules',
    );
    expect(text).toContain(
      'SSH (22) from sg-279ab042 in vpc-7a20e51f via pcx-b04deed9, stale: peering deleted ✗',
    );
  });

  it('says the same in the findings of the text report and of the Markdown report', () => {
    const result = audit();
    const elb = 'sg-843f59ed (amazon-elb-sg, account amazon-elb)';
    expect(renderText(result)).toContain(
      `has a rule the baseline does not declare: ingress 7001/tcp from ${elb}`,
    );
    expect(renderMarkdown(result)).toContain(`Port 7001 from ${elb}`);
  });

  it('carries account, name, VPC, peering id and status in the JSON findings', () => {
    const json = JSON.parse(renderJson(audit()));
    const peers = json.findings.flatMap((finding: { rule: { peer: unknown } | null }) =>
      finding.rule ? [finding.rule.peer] : [],
    );
    expect(peers).toContainEqual({
      kind: 'group',
      value: 'sg-843f59ed',
      account: 'amazon-elb',
      groupName: 'amazon-elb-sg',
    });
    expect(peers).toContainEqual({
      kind: 'group',
      value: 'sg-279ab042',
      vpcId: 'vpc-7a20e51f',
      peeringId: 'pcx-b04deed9',
      peeringStatus: 'deleted',
    });
  });

  it('labels a peer group by name and id when two groups of the estate share its name', () => {
    const text = renderText(audit());
    expect(text).toContain(`Port 8080 from app (${APP_HERE}) ✓ Restricted`);
    expect(text).not.toMatch(/Port 8080 from app ✓/);
  });
});

describe('audit: identity is not part of the rule', () => {
  it('matches a baseline rule naming sg-843f59ed to the rule AWS lists with UserId amazon-elb', () => {
    const baseline = peerBaseline();
    const web = baseline.roles.find((role) => role.role === 'web');
    web?.rules.push({
      id: 'web_from_elb',
      role: 'web',
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 7001,
      toPort: 7001,
      peer: { kind: 'group', value: 'sg-843f59ed' },
      purpose: 'Classic ELB health checks',
      justification: 'The ELB reaches the web tier',
      description: 'classic ELB',
    });
    const unexpected = auditEstate(baseline, peerEstate(), { now: NOW }).findings.filter(
      (finding) => finding.check === 'unexpected-rules',
    );
    expect(unexpected.map((finding) => finding.rule?.fromPort)).toEqual([60000, 22]);
  });
});

describe("report: a peer's identity is untrusted text", () => {
  it('shows a hostile name, account, VPC and peering status escaped in text and Markdown', () => {
    const snapshot = peerSnapshot() as {
      SecurityGroups: { IpPermissions: { UserIdGroupPairs?: object[] }[] }[];
    };
    const [web] = snapshot.SecurityGroups;
    const permission = web?.IpPermissions[0];
    if (!permission) throw new Error('the web group has no first permission');
    permission.UserIdGroupPairs = [
      { GroupId: 'sg-843f59ed', GroupName: HOSTILE, UserId: HOSTILE, VpcId: HOSTILE, PeeringStatus: HOSTILE },
    ];
    const result = auditEstate(peerBaseline(), readSnapshot(snapshot, 'hostile.json'), { now: NOW });
    for (const output of [renderText(result), renderMarkdown(result)]) {
      expect(rawUnsafe(output)).toEqual([]);
      expect(forgedVerdicts(output)).toEqual([]);
    }
  });
});
