import { normalizeGroup, normalizeGroupRules, type RawSecurityGroup } from '../../src/model/normalize';
import { formatRule, groupNamer, ruleKey } from '../../src/model/rule-key';
import type { Rule } from '../../src/model/types';

// Shapes as describe-security-groups prints them in real accounts: a classic ELB's source group
// (account `amazon-elb`), a group across a VPC peering connection, and a reference whose peering
// was deleted (what describe-stale-security-groups lists).
const OWNER = '123456789012';
const ELB_PAIR = { GroupId: 'sg-843f59ed', GroupName: 'amazon-elb-sg', UserId: 'amazon-elb' };
const PEERED_PAIR = {
  GroupId: 'sg-e9843198',
  UserId: '210987654321',
  VpcId: 'vpc-2f09a348',
  VpcPeeringConnectionId: 'pcx-0a5e2a63',
  PeeringStatus: 'active',
};
const STALE_PAIR = {
  GroupId: 'sg-279ab042',
  GroupName: 'Access1',
  UserId: OWNER,
  VpcId: 'vpc-7a20e51f',
  VpcPeeringConnectionId: 'pcx-b04deed9',
  PeeringStatus: 'deleted',
};

// What the model keeps of PEERED_PAIR: its account is not the owner's, so it stays.
const PEERED_PEER = {
  kind: 'group',
  value: 'sg-e9843198',
  account: '210987654321',
  vpcId: 'vpc-2f09a348',
  peeringId: 'pcx-0a5e2a63',
  peeringStatus: 'active',
};

function estateGroup(): RawSecurityGroup {
  return {
    GroupId: 'sg-0a1b2c3d4e5f60001',
    GroupName: 'web',
    OwnerId: OWNER,
    VpcId: 'vpc-0a1b2c3d',
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 7001, ToPort: 7001, UserIdGroupPairs: [ELB_PAIR] },
      { IpProtocol: 'tcp', FromPort: 60000, ToPort: 62000, UserIdGroupPairs: [PEERED_PAIR] },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [STALE_PAIR] },
      {
        IpProtocol: 'tcp',
        FromPort: 8080,
        ToPort: 8080,
        UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f60001', UserId: OWNER }],
      },
    ],
    IpPermissionsEgress: [],
  };
}

function peerOf(rules: readonly Rule[], fromPort: number) {
  return rules.find((rule) => rule.fromPort === fromPort)?.peer;
}

describe('model: group peers keep their identity', () => {
  it('keeps UserId, GroupName, VpcId, VpcPeeringConnectionId and PeeringStatus from UserIdGroupPairs', () => {
    const { rules } = normalizeGroup(estateGroup());
    expect(peerOf(rules, 7001)).toEqual({
      kind: 'group',
      value: 'sg-843f59ed',
      account: 'amazon-elb',
      groupName: 'amazon-elb-sg',
    });
    expect(peerOf(rules, 60000)).toEqual(PEERED_PEER);
  });

  it("drops the owner when it is the group's own account: only a foreign account is news", () => {
    const { rules } = normalizeGroup(estateGroup());
    expect(peerOf(rules, 8080)).toStrictEqual({ kind: 'group', value: 'sg-0a1b2c3d4e5f60001' });
    expect(peerOf(rules, 22)).not.toHaveProperty('account');
  });

  it('keeps the same identity from describe-security-group-rules ReferencedGroupInfo', () => {
    const byGroup = normalizeGroupRules([
      {
        SecurityGroupRuleId: 'sgr-0000000000000000a',
        GroupId: 'sg-0a1b2c3d4e5f60001',
        GroupOwnerId: OWNER,
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 60000,
        ToPort: 62000,
        ReferencedGroupInfo: { ...PEERED_PAIR },
      },
    ]);
    expect(byGroup.get('sg-0a1b2c3d4e5f60001')?.[0]?.peer).toEqual(PEERED_PEER);
  });

  it('refuses an identity field that is not a string, naming it', () => {
    const bad = estateGroup();
    bad.IpPermissions = [
      {
        IpProtocol: 'tcp',
        FromPort: 1,
        ToPort: 1,
        UserIdGroupPairs: [{ GroupId: 'sg-1', UserId: 42 as never }],
      },
    ];
    expect(() => normalizeGroup(bad, 'estate.json: SecurityGroups[0]')).toThrow(
      'estate.json: SecurityGroups[0].IpPermissions[0].UserIdGroupPairs[0].UserId: expected a string, got 42',
    );
  });

  it('leaves identity out of the rule key: the same group with or without UserId is the same rule', () => {
    const { rules } = normalizeGroup(estateGroup());
    const observed = rules.find((rule) => rule.fromPort === 7001) as Rule;
    const declared: Rule = { ...observed, peer: { kind: 'group', value: 'sg-843f59ed' } };
    expect(ruleKey(observed)).toBe(ruleKey(declared));
  });
});

describe('model: formatRule names where a peer group lives', () => {
  const { rules } = normalizeGroup(estateGroup());
  const rule = (fromPort: number) => rules.find((each) => each.fromPort === fromPort) as Rule;

  it('names a group of another account', () => {
    expect(formatRule(rule(7001))).toBe(
      'ingress 7001/tcp from sg-843f59ed (amazon-elb-sg, account amazon-elb)',
    );
  });

  it('names the VPC and the peering connection of a peered group, and its status', () => {
    expect(formatRule(rule(60000))).toBe(
      'ingress 60000-62000/tcp from sg-e9843198 (account 210987654321) in vpc-2f09a348 via pcx-0a5e2a63, peering active',
    );
  });

  it('says a reference through a deleted peering is stale', () => {
    expect(formatRule(rule(22))).toBe(
      'ingress 22/tcp from sg-279ab042 (Access1) in vpc-7a20e51f via pcx-b04deed9, stale: peering deleted',
    );
  });

  it("prefers the estate's name to the one the reference carries", () => {
    const names = groupNamer([{ groupId: 'sg-843f59ed', groupName: 'elb-in-estate' }]);
    expect(formatRule(rule(7001), names)).toBe(
      'ingress 7001/tcp from sg-843f59ed (elb-in-estate, account amazon-elb)',
    );
  });
});
