import 'aws-sdk-client-mock-jest';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { createEc2Reader } from '../../src/aws/ec2-reader';
import { createEc2Writer, EC2_RETRY, toIpPermission } from '../../src/aws/ec2-writer';
import type { Rule } from '../../src/model/types';
import { AwsError } from '../support/ec2-fake';

const GROUP = 'sg-0a1b2c3d4e5f60004';
const BACKEND = 'sg-0a1b2c3d4e5f60003';
const RULE_ID = 'sgr-0123456789abcdef0';
const WORLD_V4 = '0.0.0.0/0';
const WORLD_V6 = '::/0';
const S3_PREFIX_LIST = 'pl-6da54004';
const RESTORE_DESCRIPTION = 'PostgreSQL from backend (database_from_backend)';

const ec2 = mockClient(EC2Client);
const writer = createEc2Writer(new EC2Client({ region: 'eu-west-1', maxAttempts: 1 }));

const worldOpen: Rule = {
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  peer: { kind: 'cidr4', value: WORLD_V4 },
  ruleId: RULE_ID,
};
const fromBackend: Rule = {
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  peer: { kind: 'group', value: BACKEND },
  description: RESTORE_DESCRIPTION,
};

beforeEach(() => ec2.reset());

describe('aws: ec2 writer', () => {
  it('revokes ingress by SecurityGroupRuleIds only', async () => {
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    await expect(writer.revokeRule(GROUP, worldOpen)).resolves.toEqual({ status: 'done' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input).toEqual({
      GroupId: GROUP,
      SecurityGroupRuleIds: [RULE_ID],
    });
  });

  it('revokes egress with the egress command', async () => {
    ec2.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });
    await writer.revokeRule(GROUP, { ...worldOpen, direction: 'egress' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupEgressCommand, {
      GroupId: GROUP,
      SecurityGroupRuleIds: [RULE_ID],
    });
  });

  it('restores ingress with the baseline description on the peer', async () => {
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    await expect(writer.authorizeRule(GROUP, fromBackend)).resolves.toEqual({ status: 'done' });
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]?.args[0].input).toEqual({
      GroupId: GROUP,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          UserIdGroupPairs: [{ GroupId: BACKEND, Description: RESTORE_DESCRIPTION }],
        },
      ],
    });
  });

  it('restores egress "all traffic" as protocol -1 without ports', async () => {
    ec2.on(AuthorizeSecurityGroupEgressCommand).resolves({ Return: true });
    const allOut: Rule = {
      direction: 'egress',
      protocol: 'all',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'cidr4', value: WORLD_V4 },
      description: 'All outbound for administration (bastion_outbound)',
    };
    await writer.authorizeRule(GROUP, allOut);
    expect(ec2.commandCalls(AuthorizeSecurityGroupEgressCommand)[0]?.args[0].input).toEqual({
      GroupId: GROUP,
      IpPermissions: [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: WORLD_V4, Description: 'All outbound for administration (bastion_outbound)' }],
        },
      ],
    });
  });

  it.each([['InvalidPermission.NotFound'], ['InvalidSecurityGroupRuleId.NotFound']])(
    'counts %s on revoke as already done',
    async (code) => {
      ec2.on(RevokeSecurityGroupIngressCommand).rejects(new AwsError(code));
      await expect(writer.revokeRule(GROUP, worldOpen)).resolves.toEqual({ status: 'already-done', code });
    },
  );

  it('counts InvalidPermission.Duplicate on authorize as already done', async () => {
    ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(new AwsError('InvalidPermission.Duplicate'));
    await expect(writer.authorizeRule(GROUP, fromBackend)).resolves.toEqual({
      status: 'already-done',
      code: 'InvalidPermission.Duplicate',
    });
  });

  it('reports any other error with its AWS code and message, without throwing', async () => {
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(new AwsError('UnauthorizedOperation', 'not authorized'));
    await expect(writer.revokeRule(GROUP, worldOpen)).resolves.toEqual({
      status: 'failed',
      code: 'UnauthorizedOperation',
      message: 'not authorized',
    });
    // A Duplicate on revoke is not "already done": only the codes of each direction are.
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(new AwsError('InvalidPermission.Duplicate'));
    await expect(writer.revokeRule(GROUP, worldOpen)).resolves.toMatchObject({ status: 'failed' });
  });

  it('refuses to revoke a rule without an sgr- id, without calling EC2', async () => {
    const { ruleId: _none, ...withoutId } = worldOpen;
    await expect(writer.revokeRule(GROUP, withoutId)).resolves.toMatchObject({
      status: 'failed',
      code: 'MissingRuleId',
    });
    expect(ec2.calls()).toHaveLength(0);
  });

  it('builds its default client with adaptive retry, so RequestLimitExceeded is retried by the SDK', async () => {
    // aws-sdk-client-mock replaces send(), so the retry itself cannot run here: check the configuration.
    const client = new EC2Client({ region: 'eu-west-1', ...EC2_RETRY });
    const { retryMode, maxAttempts } = client.config;
    expect(typeof retryMode === 'function' ? await retryMode() : retryMode).toBe('adaptive');
    expect(await maxAttempts()).toBeGreaterThan(1);
  });
});

describe('aws: toIpPermission', () => {
  it.each([
    [{ kind: 'cidr6', value: WORLD_V6 } as const, { Ipv6Ranges: [{ CidrIpv6: WORLD_V6, Description: 'd' }] }],
    [
      { kind: 'prefix-list', value: S3_PREFIX_LIST } as const,
      { PrefixListIds: [{ PrefixListId: S3_PREFIX_LIST, Description: 'd' }] },
    ],
  ])('puts a %o peer in its list', (peer, expected) => {
    expect(toIpPermission({ ...fromBackend, peer, description: 'd' })).toEqual({
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      ...expected,
    });
  });

  it('names a group of another account with its account, and one across peering with the connection', () => {
    const crossAccount = { kind: 'group', value: 'sg-843f59ed', account: 'amazon-elb' } as const;
    expect(toIpPermission({ ...fromBackend, peer: crossAccount, description: '' }).UserIdGroupPairs).toEqual([
      { GroupId: 'sg-843f59ed', UserId: 'amazon-elb' },
    ]);
    const peered = { kind: 'group', value: 'sg-e9843198', peeringId: 'pcx-0a5e2a63' } as const;
    expect(toIpPermission({ ...fromBackend, peer: peered, description: '' }).UserIdGroupPairs).toEqual([
      { GroupId: 'sg-e9843198', VpcPeeringConnectionId: 'pcx-0a5e2a63' },
    ]);
  });

  it('keeps ICMP type and code, omits an empty description', () => {
    expect(
      toIpPermission({
        direction: 'ingress',
        protocol: 'icmp',
        fromPort: 8,
        toPort: -1,
        peer: { kind: 'cidr4', value: '10.0.0.0/16' },
      }),
    ).toEqual({ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/16' }] });
  });
});

describe('aws: ec2 reader, rules with ids', () => {
  it('reads DescribeSecurityGroupRules filtered by group id, paginated, keyed by group', async () => {
    ec2
      .on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: RULE_ID,
            GroupId: GROUP,
            IsEgress: false,
            IpProtocol: 'tcp',
            FromPort: 5432,
            ToPort: 5432,
            CidrIpv4: WORLD_V4,
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: 'sgr-2',
            GroupId: BACKEND,
            IsEgress: true,
            IpProtocol: '-1',
            FromPort: -1,
            ToPort: -1,
            CidrIpv4: WORLD_V4,
          },
        ],
      });
    const rules = await createEc2Reader(new EC2Client({ region: 'eu-west-1' })).describeGroupRules([
      GROUP,
      BACKEND,
      GROUP,
    ]);
    expect(ec2).toHaveReceivedNthSpecificCommandWith(1, DescribeSecurityGroupRulesCommand, {
      Filters: [{ Name: 'group-id', Values: [GROUP, BACKEND] }],
      MaxResults: 1000,
      NextToken: undefined,
    });
    expect(ec2).toHaveReceivedNthSpecificCommandWith(2, DescribeSecurityGroupRulesCommand, {
      NextToken: 'page-2',
    });
    expect(rules.get(GROUP)).toEqual([{ ...worldOpen }]);
    expect(rules.get(BACKEND)?.[0]).toMatchObject({ direction: 'egress', protocol: 'all', ruleId: 'sgr-2' });
  });
});
