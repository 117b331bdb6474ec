import 'aws-sdk-client-mock-jest';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type NetworkInterface as SdkNetworkInterface,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createCloudWatchMetrics } from '../../src/aws/cloudwatch';
import { createEc2Reader } from '../../src/aws/ec2-reader';
import { createSnsPublisher } from '../../src/aws/sns';
import { PublishError } from '../../src/errors';
import { RECORDED_NETWORK_INTERFACES } from '../rules/exposure-helpers';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const NOW = new Date('2026-11-27T06:00:00Z');

describe('adapter: SNS publisher', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());

  it('publishes one JSON-structured message with string attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    await createSnsPublisher(TOPIC, new SNSClient({})).publish({
      subject: 'CRITICAL production thebot-database-sg: 5432/tcp opened to 0.0.0.0/0 by alice',
      text: 'for people',
      json: { kind: 'change' },
      attributes: { kind: 'change', severity: 'CRITICAL' },
    });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: 'CRITICAL production thebot-database-sg: 5432/tcp opened to 0.0.0.0/0 by alice',
      MessageStructure: 'json',
      Message: JSON.stringify({
        default: 'for people',
        email: 'for people',
        sqs: '{"kind":"change"}',
        lambda: '{"kind":"change"}',
        https: '{"kind":"change"}',
      }),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'change' },
        severity: { DataType: 'String', StringValue: 'CRITICAL' },
      },
    });
  });

  it('turns any failure into a PublishError naming the topic', async () => {
    sns.on(PublishCommand).rejects(new Error('AuthorizationError'));
    const publishing = createSnsPublisher(TOPIC, new SNSClient({})).publish({
      subject: 's',
      text: 't',
      json: {},
      attributes: {},
    });
    await expect(publishing).rejects.toBeInstanceOf(PublishError);
    await expect(publishing).rejects.toThrow(`could not publish to ${TOPIC}: AuthorizationError`);
  });
});

describe('adapter: CloudWatch metrics', () => {
  const cloudwatch = mockClient(CloudWatchClient);
  beforeEach(() => cloudwatch.reset());

  it('sends every data point in one PutMetricData with its dimensions', async () => {
    cloudwatch.on(PutMetricDataCommand).resolves({});
    await createCloudWatchMetrics('SecurityGroupDrift', new CloudWatchClient({}), () => NOW).put([
      { name: 'ChangeEventsProcessed', value: 1, unit: 'Count', dimensions: { Environment: 'production' } },
      {
        name: 'DriftDetected',
        value: 2,
        unit: 'Count',
        dimensions: { Environment: 'production', Severity: 'CRITICAL' },
      },
    ]);
    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'SecurityGroupDrift',
      MetricData: [
        {
          MetricName: 'ChangeEventsProcessed',
          Value: 1,
          Unit: 'Count',
          Timestamp: NOW,
          Dimensions: [{ Name: 'Environment', Value: 'production' }],
        },
        {
          MetricName: 'DriftDetected',
          Value: 2,
          Unit: 'Count',
          Timestamp: NOW,
          Dimensions: [
            { Name: 'Environment', Value: 'production' },
            { Name: 'Severity', Value: 'CRITICAL' },
          ],
        },
      ],
    });
  });

  it('sends nothing for no data', async () => {
    await createCloudWatchMetrics('SecurityGroupDrift', new CloudWatchClient({})).put([]);
    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 0);
  });
});

describe('adapter: EC2 reader', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());

  const group = (index: number) => ({
    GroupId: `sg-${String(index).padStart(17, '0')}`,
    GroupName: `g-${index}`,
    VpcId: 'vpc-0123456789abcdef0',
    IpPermissions: [],
    IpPermissionsEgress: [],
  });

  it('reads groups by id with a group-id filter, at most 200 values a call, following NextToken', async () => {
    ec2.on(DescribeSecurityGroupsCommand).callsFake((input) => {
      const ids: string[] = input.Filters[0].Values;
      if (!input.NextToken && ids.length === 200) return { SecurityGroups: [group(1)], NextToken: 'more' };
      return { SecurityGroups: [group(ids.length)] };
    });
    const ids = Array.from({ length: 250 }, (_, index) => `sg-${String(index).padStart(17, '0')}`);
    const groups = await createEc2Reader(new EC2Client({})).describeGroups([...ids, ids[0] as string]);
    const calls = ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => [input.Filters?.[0]?.Values?.length, input.NextToken])).toEqual([
      [200, undefined],
      [200, 'more'],
      [50, undefined],
    ]);
    expect(calls[0]?.Filters?.[0]?.Name).toBe('group-id');
    expect(groups.map((found) => found.groupName)).toEqual(['g-1', 'g-200', 'g-50']);
  });

  it('lists groups in pages of 250 (a 1,000-group page at the quota ceiling is 120,000 rules of XML held at once) and interfaces in pages of 1000', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [group(1), group(2)] });
    // The recorded describe-network-interfaces output, split over two pages: the SDK's output has
    // the same field names as the CLI's JSON.
    const recorded = RECORDED_NETWORK_INTERFACES as SdkNetworkInterface[];
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .resolvesOnce({ NetworkInterfaces: recorded.slice(0, 1), NextToken: 'p2' })
      .resolves({ NetworkInterfaces: recorded.slice(1) });
    const reader = createEc2Reader(new EC2Client({}));
    expect((await reader.listGroups()).length).toBe(2);
    const interfaces = await reader.listNetworkInterfaces();
    expect(interfaces).toHaveLength(12);
    expect(interfaces[0]).toMatchObject({
      interfaceId: 'eni-535f639a',
      kind: 'instance',
      resource: 'i-06082bd7eb8460b79',
      publicIps: ['54.209.172.47'],
    });
    expect(interfaces.find((eni) => eni.interfaceId === 'eni-dafe5f3c')).toMatchObject({
      kind: 'load-balancer',
      resource: 'app/albtest',
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { MaxResults: 250 });
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand).map((call) => call.args[0].input)).toEqual([
      { MaxResults: 1000 },
      { MaxResults: 1000, NextToken: 'p2' },
    ]);
  });

  it('lists route tables with pages of 100 and tells a public subnet from a private one', async () => {
    ec2
      .on(DescribeRouteTablesCommand)
      .resolvesOnce({
        RouteTables: [
          {
            RouteTableId: 'rtb-public',
            VpcId: 'vpc-1',
            Routes: [
              { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
              { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' },
            ],
            Associations: [{ RouteTableAssociationId: 'rtbassoc-1', SubnetId: 'subnet-public', Main: false }],
          },
        ],
        NextToken: 'r2',
      })
      .resolves({
        RouteTables: [
          {
            RouteTableId: 'rtb-main',
            VpcId: 'vpc-1',
            Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' }],
            Associations: [{ RouteTableAssociationId: 'rtbassoc-2', Main: true }],
          },
        ],
      });
    const routes = await createEc2Reader(new EC2Client({})).listRouteTables();
    expect(routes?.reachesSubnet('vpc-1', 'subnet-public', 'ipv4')).toBe(true);
    expect(routes?.reachesSubnet('vpc-1', 'subnet-private', 'ipv4')).toBe(false);
    expect(ec2.commandCalls(DescribeRouteTablesCommand).map((call) => call.args[0].input)).toEqual([
      { MaxResults: 100 },
      { MaxResults: 100, NextToken: 'r2' },
    ]);
  });
});
