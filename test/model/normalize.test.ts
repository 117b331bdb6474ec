import type {
  SecurityGroup as SdkSecurityGroup,
  SecurityGroupRule as SdkSecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { SnapshotError } from '../../src/errors';
import { WORLD_V4, WORLD_V6 } from '../../src/model/cidr';
import {
  normalizeGroup,
  normalizeGroupRules,
  type RawIpPermission,
  type RawSecurityGroup,
  type RawSecurityGroupRule,
} from '../../src/model/normalize';
import type { Rule } from '../../src/model/types';

const OFFICE_CIDR = '203.0.113.0/32';
const VPC_CIDR = '10.0.0.0/16';
const PARTNER_CIDR = '198.51.100.0/24';
const OFFICE_V6 = '2001:db8::/64';
const GROUP_ID = 'sg-0bac0e0d000000003';
const ALB_SG = 'sg-0f00e0d000000002';
const BASTION_SG = 'sg-0b1a5710000000001';
const S3_PREFIX_LIST = 'pl-6da54004';

function group(ingress: RawIpPermission[], egress: RawIpPermission[] = []): RawSecurityGroup {
  return {
    GroupId: GROUP_ID,
    GroupName: 'thebot-backend-sg',
    IpPermissions: ingress,
    IpPermissionsEgress: egress,
  };
}

function rulesOf(ingress: RawIpPermission[], egress: RawIpPermission[] = []): Rule[] {
  return normalizeGroup(group(ingress, egress)).rules;
}

function normalizeError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return (error as Error).message;
  }
  throw new Error('expected a SnapshotError');
}

describe('normalize: normalizeGroup group fields', () => {
  it('keeps id, name, VPC, owner and description, and turns tags into a record', () => {
    const normalized = normalizeGroup({
      GroupId: GROUP_ID,
      GroupName: 'thebot-backend-sg',
      VpcId: 'vpc-0a1b2c3d4e5f60001',
      OwnerId: '123456789012',
      Description: 'Backend API',
      Tags: [
        { Key: 'Name', Value: 'thebot-backend-sg' },
        { Key: 'Environment', Value: 'production' },
        { Key: 'Empty' },
      ],
    });
    expect(normalized).toEqual({
      groupId: GROUP_ID,
      groupName: 'thebot-backend-sg',
      vpcId: 'vpc-0a1b2c3d4e5f60001',
      ownerId: '123456789012',
      description: 'Backend API',
      tags: { Name: 'thebot-backend-sg', Environment: 'production', Empty: '' },
      rules: [],
    });
  });

  it('leaves absent optional fields out and gives empty tags and rules', () => {
    const normalized = normalizeGroup({ GroupId: GROUP_ID, GroupName: 'bare' });
    expect(normalized).toStrictEqual({ groupId: GROUP_ID, groupName: 'bare', tags: {}, rules: [] });
  });

  it('stores a tag called __proto__ as data, not as the prototype', () => {
    const { tags } = normalizeGroup({
      GroupId: GROUP_ID,
      GroupName: 'x',
      Tags: [{ Key: '__proto__', Value: 'v' }],
    });
    expect(Object.keys(tags)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
  });
});

describe('normalize: normalizeGroup peers', () => {
  it('makes one rule per IpRange, each with its own description', () => {
    const rules = rulesOf([
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: OFFICE_CIDR, Description: 'Office' }, { CidrIp: VPC_CIDR }],
      },
    ]);
    expect(rules).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'cidr4', value: OFFICE_CIDR },
        description: 'Office',
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'cidr4', value: VPC_CIDR },
      },
    ]);
    expect(rules[1]).not.toHaveProperty('description');
  });

  it('reads IPv6 ranges, prefix lists and group pairs of one permission', () => {
    const rules = rulesOf([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        Ipv6Ranges: [{ CidrIpv6: '2001:DB8:0:0::/64', Description: 'Office v6' }],
        PrefixListIds: [{ PrefixListId: S3_PREFIX_LIST, Description: 'S3' }],
        UserIdGroupPairs: [
          { GroupId: ALB_SG, UserId: '123456789012', Description: 'From ALB' },
          { GroupId: BASTION_SG, UserId: '123456789012' },
        ],
      },
    ]);
    // The group has no OwnerId here, so its own account cannot be told apart: UserId is kept.
    expect(rules.map((r) => [r.peer, r.description])).toEqual([
      [{ kind: 'cidr6', value: OFFICE_V6 }, 'Office v6'],
      [{ kind: 'prefix-list', value: S3_PREFIX_LIST }, 'S3'],
      [{ kind: 'group', value: ALB_SG, account: '123456789012' }, 'From ALB'],
      [{ kind: 'group', value: BASTION_SG, account: '123456789012' }, undefined],
    ]);
  });

  it('canonicalizes CIDRs, masking host bits', () => {
    const rules = rulesOf([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.9.9/16' }] },
    ]);
    expect(rules[0]?.peer).toEqual({ kind: 'cidr4', value: VPC_CIDR });
  });

  it('reads protocol numbers with leading zeros as AWS does ("006" is tcp)', () => {
    const rules = rulesOf([
      { IpProtocol: '006', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: VPC_CIDR }] },
      { IpProtocol: '017', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: VPC_CIDR }] },
    ]);
    expect(rules.map((r) => `${r.protocol} ${r.fromPort}`)).toEqual(['tcp 22', 'udp 53']);
  });

  it('reads egress permissions as egress rules', () => {
    const rules = rulesOf(
      [],
      [{ IpProtocol: '-1', IpRanges: [{ CidrIp: WORLD_V4 }], Ipv6Ranges: [{ CidrIpv6: WORLD_V6 }] }],
    );
    expect(rules.map((r) => `${r.direction} ${r.protocol} ${r.peer.value}`)).toEqual([
      `egress all ${WORLD_V4}`,
      `egress all ${WORLD_V6}`,
    ]);
  });

  it('makes no rule from a permission without peers', () => {
    expect(
      rulesOf([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [], UserIdGroupPairs: [] }]),
    ).toEqual([]);
  });

  it('treats a blank description as none', () => {
    const rules = rulesOf([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: OFFICE_CIDR, Description: '  ' }] },
    ]);
    expect(rules[0]).not.toHaveProperty('description');
  });
});

describe('normalize: normalizeGroup protocols and ports', () => {
  const fromOffice = (permission: Omit<RawIpPermission, 'IpRanges'>) =>
    rulesOf([{ ...permission, IpRanges: [{ CidrIp: OFFICE_CIDR }] }])[0];

  it.each<[string, Omit<RawIpPermission, 'IpRanges'>, string, number, number]>([
    ['-1 without ports', { IpProtocol: '-1' }, 'all', -1, -1],
    ['-1 with ports given anyway', { IpProtocol: '-1', FromPort: 0, ToPort: 65535 }, 'all', -1, -1],
    ['named tcp', { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 }, 'tcp', 5432, 5432],
    ['upper-case name', { IpProtocol: 'TCP', FromPort: 22, ToPort: 22 }, 'tcp', 22, 22],
    ['numeric tcp', { IpProtocol: '6', FromPort: 22, ToPort: 22 }, 'tcp', 22, 22],
    ['numeric udp', { IpProtocol: '17', FromPort: 53, ToPort: 53 }, 'udp', 53, 53],
    ['numeric protocol without a name', { IpProtocol: '50' }, '50', -1, -1],
    ['numeric protocol with ports given', { IpProtocol: '50', FromPort: 500, ToPort: 500 }, '50', -1, -1],
    ['string ports', { IpProtocol: 'tcp', FromPort: '8000', ToPort: '8080' }, 'tcp', 8000, 8080],
    ['tcp without ports', { IpProtocol: 'tcp' }, 'tcp', 0, 65535],
    ['tcp -1/-1', { IpProtocol: 'tcp', FromPort: -1, ToPort: -1 }, 'tcp', 0, 65535],
    ['tcp 0-65535', { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 }, 'tcp', 0, 65535],
    ['icmp type and code', { IpProtocol: 'icmp', FromPort: 3, ToPort: 4 }, 'icmp', 3, 4],
    ['icmp type with any code', { IpProtocol: 'icmp', FromPort: 8, ToPort: -1 }, 'icmp', 8, -1],
    ['icmp any', { IpProtocol: 'icmp', FromPort: -1, ToPort: -1 }, 'icmp', -1, -1],
    ['numeric icmp', { IpProtocol: '1', FromPort: 8, ToPort: 0 }, 'icmp', 8, 0],
    ['icmpv6 by number', { IpProtocol: '58', FromPort: -1, ToPort: -1 }, 'icmpv6', -1, -1],
  ])('%s', (_why, permission, protocol, fromPort, toPort) => {
    expect(fromOffice(permission)).toMatchObject({ protocol, fromPort, toPort });
  });
});

describe('normalize: normalizeGroup duplicates', () => {
  it('collapses the same peer repeated across permissions into one rule', () => {
    const rules = rulesOf([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: OFFICE_CIDR }] },
      {
        IpProtocol: '6',
        FromPort: '22',
        ToPort: '22',
        IpRanges: [{ CidrIp: OFFICE_CIDR, Description: 'Office' }],
      },
    ]);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.description).toBe('Office');
  });

  it('collapses CIDRs that differ only in host bits and keeps the first description', () => {
    const rules = rulesOf([
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [
          { CidrIp: VPC_CIDR, Description: 'VPC' },
          { CidrIp: '10.0.1.1/16', Description: 'VPC again' },
        ],
      },
    ]);
    expect(rules).toEqual([
      expect.objectContaining({ peer: { kind: 'cidr4', value: VPC_CIDR }, description: 'VPC' }),
    ]);
  });

  it('keeps the same peer in both directions as two rules', () => {
    const permission: RawIpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: VPC_CIDR }] };
    expect(rulesOf([permission], [permission])).toHaveLength(2);
  });
});

describe('normalize: normalizeGroup errors', () => {
  const at = (permission: unknown) =>
    normalizeError(() => normalizeGroup(group([permission as RawIpPermission])));
  const prefix = `${GROUP_ID}.IpPermissions[0]`;

  it.each<[string, unknown, string]>([
    [
      'a non-numeric port',
      { IpProtocol: 'tcp', FromPort: 'abc' },
      `${prefix}.FromPort: expected a number, got "abc"`,
    ],
    [
      'a fractional port',
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22.5 },
      `${prefix}.ToPort: expected an integer, got 22.5`,
    ],
    [
      'a port over 65535',
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 70000 },
      `${prefix}.ToPort: 70000 is outside 0..65535 for tcp`,
    ],
    [
      'a reversed range',
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 22 },
      `${prefix}: FromPort 80 is greater than ToPort 22`,
    ],
    [
      'an icmp type over 255',
      { IpProtocol: 'icmp', FromPort: 300, ToPort: 0 },
      `${prefix}.FromPort: 300 is outside -1..255 for icmp`,
    ],
    [
      'an unknown protocol',
      { IpProtocol: 'gre' },
      `${prefix}.IpProtocol: expected a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255), got "gre"`,
    ],
    [
      'a missing protocol',
      {},
      `${prefix}.IpProtocol: expected a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255), got nothing`,
    ],
    [
      'an invalid IPv4 range',
      { IpProtocol: '-1', IpRanges: [{ CidrIp: OFFICE_CIDR }, { CidrIp: '10.0.0.300/8' }] },
      `${prefix}.IpRanges[1].CidrIp: expected an IPv4 CIDR, got "10.0.0.300/8"`,
    ],
    [
      'an IPv6 CIDR among IPv4 ranges',
      { IpProtocol: '-1', IpRanges: [{ CidrIp: WORLD_V6 }] },
      `${prefix}.IpRanges[0].CidrIp: expected an IPv4 CIDR, got "::/0"`,
    ],
    [
      'an IPv4 CIDR among IPv6 ranges',
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: WORLD_V4 }] },
      `${prefix}.Ipv6Ranges[0].CidrIpv6: expected an IPv6 CIDR, got "0.0.0.0/0"`,
    ],
    [
      'a group pair without a group id',
      { IpProtocol: '-1', UserIdGroupPairs: [{ UserId: '123456789012' }] },
      `${prefix}.UserIdGroupPairs[0].GroupId: expected a security group id (sg-…), got nothing`,
    ],
    [
      'a bad prefix list id',
      { IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'sg-123' }] },
      `${prefix}.PrefixListIds[0].PrefixListId: expected a prefix list id (pl-…), got "sg-123"`,
    ],
    [
      'ranges that are not a list',
      { IpProtocol: '-1', IpRanges: { CidrIp: VPC_CIDR } },
      `${prefix}.IpRanges: expected an array, got an object`,
    ],
    [
      'a range that is not an object',
      { IpProtocol: '-1', IpRanges: [VPC_CIDR] },
      `${prefix}.IpRanges[0]: expected an object, got "10.0.0.0/16"`,
    ],
    [
      'a numeric description',
      { IpProtocol: '-1', IpRanges: [{ CidrIp: VPC_CIDR, Description: 7 }] },
      `${prefix}.IpRanges[0].Description: expected a string, got 7`,
    ],
    ['a permission that is not an object', null, `${prefix}: expected an object, got null`],
  ])('names the path for %s', (_why, permission, message) => {
    expect(at(permission)).toBe(message);
  });

  it('names the path of group fields, prefixed by the given path', () => {
    const raw = { GroupId: GROUP_ID, GroupName: 7 } as unknown as RawSecurityGroup;
    expect(normalizeError(() => normalizeGroup(raw, 'x.json: SecurityGroups[2]'))).toBe(
      'x.json: SecurityGroups[2].GroupName: expected a non-empty string, got 7',
    );
    expect(normalizeError(() => normalizeGroup({ GroupName: 'x' }))).toBe(
      'SecurityGroup.GroupId: expected a non-empty string, got nothing',
    );
    expect(normalizeError(() => normalizeGroup({ ...group([]), Tags: [{ Value: 'v' }] }))).toBe(
      `${GROUP_ID}.Tags[0].Key: expected a non-empty string, got nothing`,
    );
  });
});

describe('normalize: normalizeGroupRules', () => {
  const row = (fields: RawSecurityGroupRule): RawSecurityGroupRule => ({
    SecurityGroupRuleId: 'sgr-0aaa',
    GroupId: GROUP_ID,
    GroupOwnerId: '123456789012',
    IsEgress: false,
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    ...fields,
  });

  it('reads every peer field, keeps sgr ids and descriptions, keyed by group', () => {
    const byGroup = normalizeGroupRules([
      row({ SecurityGroupRuleId: 'sgr-01', CidrIpv4: OFFICE_CIDR, Description: 'Office' }),
      row({ SecurityGroupRuleId: 'sgr-02', CidrIpv6: '2001:DB8::/64' }),
      row({ SecurityGroupRuleId: 'sgr-03', PrefixListId: S3_PREFIX_LIST, IsEgress: true }),
      row({
        SecurityGroupRuleId: 'sgr-04',
        ReferencedGroupInfo: { GroupId: ALB_SG, UserId: '123456789012' },
      }),
      row({
        SecurityGroupRuleId: 'sgr-05',
        GroupId: ALB_SG,
        IpProtocol: '-1',
        FromPort: -1,
        ToPort: -1,
        CidrIpv4: WORLD_V4,
      }),
    ]);
    expect([...byGroup.keys()]).toEqual([GROUP_ID, ALB_SG]);
    expect(byGroup.get(GROUP_ID)).toEqual([
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'cidr4', value: OFFICE_CIDR },
        description: 'Office',
        ruleId: 'sgr-01',
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'cidr6', value: OFFICE_V6 },
        ruleId: 'sgr-02',
      },
      {
        direction: 'egress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'prefix-list', value: S3_PREFIX_LIST },
        ruleId: 'sgr-03',
      },
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'group', value: ALB_SG },
        ruleId: 'sgr-04',
      },
    ]);
    expect(byGroup.get(ALB_SG)).toEqual([
      {
        direction: 'ingress',
        protocol: 'all',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'cidr4', value: WORLD_V4 },
        ruleId: 'sgr-05',
      },
    ]);
  });

  it('collapses rows that are the same canonical rule', () => {
    const byGroup = normalizeGroupRules([
      row({ SecurityGroupRuleId: 'sgr-01', CidrIpv4: PARTNER_CIDR }),
      row({ SecurityGroupRuleId: 'sgr-02', CidrIpv4: '198.51.100.7/24', Description: 'Partner' }),
    ]);
    expect(byGroup.get(GROUP_ID)).toEqual([
      expect.objectContaining({ ruleId: 'sgr-01', description: 'Partner' }),
    ]);
  });

  it.each<[string, RawSecurityGroupRule, string]>([
    [
      'no peer',
      row({}),
      'SecurityGroupRules[0]: expected exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo, got 0',
    ],
    [
      'two peers',
      row({ CidrIpv4: VPC_CIDR, PrefixListId: S3_PREFIX_LIST }),
      'SecurityGroupRules[0]: expected exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo, got 2',
    ],
    [
      'a missing IsEgress',
      { ...row({ CidrIpv4: VPC_CIDR }), IsEgress: undefined },
      'SecurityGroupRules[0].IsEgress: expected true or false, got nothing',
    ],
    [
      'a referenced group without id',
      row({ ReferencedGroupInfo: { UserId: '1' } }),
      'SecurityGroupRules[0].ReferencedGroupInfo.GroupId: expected a security group id (sg-…), got nothing',
    ],
    [
      'a bad CIDR',
      row({ CidrIpv4: '10.0.0.0/40' }),
      'SecurityGroupRules[0].CidrIpv4: expected an IPv4 CIDR, got "10.0.0.0/40"',
    ],
    [
      'a missing group id',
      { ...row({ CidrIpv4: VPC_CIDR }), GroupId: undefined },
      'SecurityGroupRules[0].GroupId: expected a non-empty string, got nothing',
    ],
  ])('names the path for %s', (_why, raw, message) => {
    expect(normalizeError(() => normalizeGroupRules([raw]))).toBe(message);
  });
});

describe('normalize: SDK v3 output objects', () => {
  // Compile-time as much as run-time: the adapter passes SDK objects straight in.
  it('accepts DescribeSecurityGroups and DescribeSecurityGroupRules items as they are typed', () => {
    const sdkGroup: SdkSecurityGroup = {
      GroupId: GROUP_ID,
      GroupName: 'thebot-backend-sg',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: OFFICE_CIDR }] }],
      Tags: [{ Key: 'Name', Value: 'thebot-backend-sg' }],
    };
    const sdkRule: SdkSecurityGroupRule = {
      SecurityGroupRuleId: 'sgr-01',
      GroupId: GROUP_ID,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: OFFICE_CIDR,
    };
    const fromGroup = normalizeGroup(sdkGroup).rules;
    const fromRules = normalizeGroupRules([sdkRule]).get(GROUP_ID) ?? [];
    expect(fromRules.map(({ ruleId: _ruleId, ...rest }) => rest)).toEqual(fromGroup);
  });
});
