import { generateBaseline } from '../../src/baseline/generate';
import { parseBaseline } from '../../src/baseline/loader';
import { InputError } from '../../src/errors';
import { readSnapshot } from '../../src/model/snapshot';
import { roundTrip } from './round-trip';
import { NOW } from './sample';

const OWNER = '123456789012';
const VPC = 'vpc-0123456789abcdef0';

function groupJson(id: string, name: string, extra: Record<string, unknown> = {}) {
  return { GroupId: id, GroupName: name, Description: name, OwnerId: OWNER, VpcId: VPC, ...extra };
}

const WORLD_OPEN = {
  SecurityGroups: [
    groupJson('sg-0aaaaaaaaaaaaaaaa', 'legacy-sg', {
      IpPermissions: [
        { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    }),
  ],
};

describe('baseline init: exposure is never approved silently', () => {
  it('writes world-open restricted ports and all traffic from the world with a REVIEW comment, and lists them', () => {
    const { generated, findings, drift } = roundTrip(WORLD_OPEN, 'production');
    expect(drift).toEqual([]);
    expect(generated.reviews).toEqual([
      'legacy (legacy-sg, sg-0aaaaaaaaaaaaaaaa): ingress all traffic from 0.0.0.0/0: all traffic from the whole internet (0.0.0.0/0)',
      'legacy (legacy-sg, sg-0aaaaaaaaaaaaaaaa): ingress 22/tcp from ::/0: restricted port 22 open to the whole internet (::/0)',
    ]);
    expect(generated.yaml).toMatch(
      /# REVIEW: all traffic from the whole internet \(0\.0\.0\.0\/0\)\. .*\n\s+- id: legacy_in_all/,
    );
    expect(generated.yaml).toMatch(
      /# REVIEW: restricted port 22 open to the whole internet \(::\/0\)\. .*\n\s+- id: legacy_in_22\n/,
    );
    expect(generated.yaml).not.toMatch(/REVIEW.*\n\s+- id: legacy_in_443/);
    // The exposure stays a finding after init, at its risk-matrix severity.
    const exposure = findings.filter((finding) => finding.check === 'permissive-rules');
    expect(
      exposure.map((finding) => [finding.severity, finding.rule?.protocol, finding.rule?.fromPort]),
    ).toEqual([
      ['CRITICAL', 'all', -1],
      ['CRITICAL', 'tcp', 22],
    ]);
  });
});

describe('baseline init: the internet written in parts is the internet', () => {
  const SPLIT = {
    SecurityGroups: [
      groupJson('sg-0aaaaaaaaaaaaaaaa', 'legacy-sg', {
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/1' }, { CidrIp: '128.0.0.0/1' }, { CidrIp: '0.0.0.0/0' }],
          },
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/1' }] },
          {
            IpProtocol: 'tcp',
            FromPort: 6379,
            ToPort: 6379,
            IpRanges: [{ CidrIp: '0.0.0.0/1' }, { CidrIp: '128.0.0.0/1' }],
          },
        ],
      }),
    ],
  };

  it('reviews each half of a split internet, not a range the whole internet beside it already covers', () => {
    const { generated, findings, drift } = roundTrip(SPLIT, 'production');
    expect(drift).toEqual([]);
    expect(generated.reviews).toEqual([
      'legacy (legacy-sg, sg-0aaaaaaaaaaaaaaaa): ingress 22/tcp from 0.0.0.0/0: restricted port 22 open to the whole internet (0.0.0.0/0)',
      "legacy (legacy-sg, sg-0aaaaaaaaaaaaaaaa): ingress 6379/tcp from 0.0.0.0/1: restricted port 6379 open to the whole internet (0.0.0.0/1, with the group's other ranges for this traffic)",
      "legacy (legacy-sg, sg-0aaaaaaaaaaaaaaaa): ingress 6379/tcp from 128.0.0.0/1: restricted port 6379 open to the whole internet (128.0.0.0/1, with the group's other ranges for this traffic)",
    ]);
    // Declared by init, the split SSH-like port still reports on every audit, as 0.0.0.0/0 does.
    const exposure = findings.filter((finding) => finding.check === 'permissive-rules');
    expect(
      exposure.map((finding) => `${finding.severity} ${finding.rule?.fromPort} ${finding.rule?.peer.value}`),
    ).toEqual(['CRITICAL 22 0.0.0.0/0', 'CRITICAL 6379 0.0.0.0/1', 'CRITICAL 6379 128.0.0.0/1']);
  });
});

describe('baseline init: exposure from interfaces is reported, never approved (README Adopt step 4)', () => {
  it('a VPC-only group on a public web instance: no drift, but the exposure findings the README names', () => {
    const group = (id: string, name: string, cidr: string, port: number) =>
      groupJson(id, name, {
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] }],
      });
    const estate = {
      SecurityGroups: [
        group('sg-0a0000000000000a1', 'web-sg', '0.0.0.0/0', 443),
        group('sg-0a0000000000000a2', 'node-exporter-sg', '10.0.0.0/16', 9100),
      ],
      NetworkInterfaces: [
        {
          NetworkInterfaceId: 'eni-0a1',
          Status: 'in-use',
          VpcId: VPC,
          SubnetId: 'subnet-1',
          Attachment: { InstanceId: 'i-0a1', InstanceOwnerId: OWNER },
          Association: { PublicIp: '54.1.2.3' },
          Groups: [{ GroupId: 'sg-0a0000000000000a1' }, { GroupId: 'sg-0a0000000000000a2' }],
        },
      ],
    };
    const { drift, findings } = roundTrip(estate, 'production');
    expect(drift).toEqual([]);
    expect(
      findings
        .filter((finding) => finding.severity === 'CRITICAL' || finding.severity === 'HIGH')
        .map((finding) => `${finding.check} ${finding.severity} ${finding.groupName}`),
    ).toEqual(['internet-exposed-roles CRITICAL node-exporter-sg', 'side-door-groups HIGH web-sg']);
  });
});

describe('baseline init: never writes a value its own validator rejects', () => {
  it('does not pin a VPC id that is not one (a sanitised snapshot), and the audit runs', () => {
    const raw = { SecurityGroups: [groupJson('sg-0aaaaaaaaaaaaaaaa', 'web-sg', { VpcId: 'vpc-probe' })] };
    const { generated, drift } = roundTrip(raw, 'production');
    expect(drift).toEqual([]);
    expect(generated.yaml).not.toContain('vpc-probe');
    expect(generated.notes).toContainEqual(expect.stringContaining('No vpcIds pin'));
  });

  it('does not pin a --vpc-id that is not one either', () => {
    const raw = { SecurityGroups: [groupJson('sg-0aaaaaaaaaaaaaaaa', 'web-sg', { VpcId: 'vpc-probe' })] };
    expect(roundTrip(raw, 'production', 'vpc-probe').drift).toEqual([]);
  });

  it('refuses an environment name the baseline cannot hold, before writing anything', () => {
    const estate = readSnapshot(WORLD_OPEN, 'snapshot.json');
    expect(() => generateBaseline(estate, { environment: 'Production', now: NOW })).toThrow(
      new InputError(
        'baseline init: --environment Production: environment names are lowercase letters, digits and -',
      ),
    );
  });

  it('writes control and bidi characters of names, tags and descriptions escaped, and reads them back exactly', () => {
    const name = 'web\u202e-gs\u0007\n\t \u{e0041}';
    const raw = {
      SecurityGroups: [
        groupJson('sg-0aaaaaaaaaaaaaaaa', name, {
          Description: 'evil\u2028line',
          Tags: [{ Key: 'Owner\u200b', Value: 'me' }],
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'HTTPS\u001b[31m' }],
            },
          ],
        }),
      ],
    };
    const { generated, drift } = roundTrip(raw, 'production');
    expect(drift).toEqual([]);
    expect(generated.yaml).not.toMatch(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ud800-\udfff]/,
    );
    const document = parseBaseline(generated.yaml, 'generated.yml', { now: NOW });
    const selectors = Object.values(document.environments.production?.roles ?? {});
    expect(selectors).toEqual([{ groupName: name }]);
    expect(document.requiredTags).toEqual(['Owner\u200b']);
  });
});

describe('baseline init: default groups', () => {
  it('says that default groups are not roles and what to do, when the estate has nothing else', () => {
    const estate = readSnapshot(
      { SecurityGroups: [groupJson('sg-0dddddddddddddddd', 'default')] },
      'snapshot.json',
    );
    expect(() => generateBaseline(estate, { environment: 'production', now: NOW })).toThrow(
      /^only default security groups \(sg-0dddddddddddddddd\): a VPC's default group is not a role.*default-group-open.*Create a security group for each workload/,
    );
  });

  it('names the default groups it did not make roles of', () => {
    const raw = {
      SecurityGroups: [
        groupJson('sg-0dddddddddddddddd', 'default'),
        groupJson('sg-0aaaaaaaaaaaaaaaa', 'web-sg'),
      ],
    };
    expect(roundTrip(raw, 'production').generated.notes).toContain(
      'Not roles: the default groups sg-0dddddddddddddddd; default-group-open judges them (a default group should have no rules).',
    );
  });
});

describe('baseline init: required tags follow the estate', () => {
  it('requires the tags every group has, and Environment only when it names this environment', () => {
    const tags = (environment: string) => [
      { Key: 'Name', Value: 'x' },
      { Key: 'Environment', Value: environment },
      { Key: 'CostCenter', Value: '42' },
    ];
    const raw = {
      SecurityGroups: [
        groupJson('sg-0aaaaaaaaaaaaaaaa', 'web-sg', { Tags: tags('Live') }),
        groupJson('sg-0bbbbbbbbbbbbbbbb', 'db-sg', {
          Tags: [...tags('Live'), { Key: 'ManagedBy', Value: 'tf' }],
        }),
      ],
    };
    const { generated, drift } = roundTrip(raw, 'production');
    expect(drift).toEqual([]);
    expect(generated.yaml).toContain('requiredTags: [ Name, CostCenter ]');
    expect(generated.notes).toContain(
      'Environment tag not required: groups are tagged Environment=Live, and missing-tags expects production.',
    );
    const production = JSON.parse(JSON.stringify(raw).replaceAll('"Live"', '"production"'));
    expect(roundTrip(production, 'production').generated.yaml).toContain(
      'requiredTags: [ Name, Environment, CostCenter ]',
    );
  });
});
