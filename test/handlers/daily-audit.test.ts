import 'aws-sdk-client-mock-jest';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { syntheticGroupId, syntheticGroups } from '../../src/bench/daily-audit-bench';
import { PublishError } from '../../src/errors';
import { SNS_MAX_MESSAGE_BYTES } from '../../src/notify/limits';
import { recordedRawInterface } from '../rules/exposure-helpers';
import { Ec2Fake } from '../support/ec2-fake';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const NAMESPACE = 'SecurityGroupDrift';
const ENVIRONMENT = 'production';
const AUDIT_TIME = new Date('2026-01-15T06:00:00.000Z');
const GROUPS_PAGE_SIZE = 250;
const INTERFACES_PAGE_SIZE = 1000;
const LARGE_ESTATE_GROUPS = 2_500;
const LARGE_ESTATE_INTERFACES = 2_300;
const HUGE_ESTATE_GROUPS = 5_000;
const SNS_PROTOCOL_KEYS = ['default', 'email', 'sqs', 'lambda', 'https'];
const ENVIRONMENT_DIMENSION = { Name: 'Environment', Value: ENVIRONMENT };

Object.assign(process.env, { ENVIRONMENT, ALERT_TOPIC_ARN: TOPIC, LOG_LEVEL: 'error' });
const { createDailyAuditHandler } = require('../../src/handlers/daily-audit');
const { loadRuntime } = require('../../src/handlers/runtime');

const ec2 = mockClient(EC2Client);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
let handler: (event: unknown) => Promise<Record<string, unknown>>;

beforeAll(() => {
  // Only the clock is fake: the subject carries the audit's date.
  jest.useFakeTimers({
    now: AUDIT_TIME,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
});
afterAll(() => jest.useRealTimers());

beforeEach(() => {
  ec2.reset();
  sns.reset();
  cloudwatch.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  cloudwatch.on(PutMetricDataCommand).resolves({});
  handler = createDailyAuditHandler(loadRuntime('test'));
});

/** A fake account holding `groups` synthetic groups and `interfaces` network interfaces. */
function largeEstate(groups: number, interfaces: number): Ec2Fake {
  const fake = new Ec2Fake();
  for (const group of syntheticGroups(groups)) fake.addGroup(group as SecurityGroup);
  fake.networkInterfaces = Array.from({ length: interfaces }, (_, index) => ({
    NetworkInterfaceId: `eni-${index.toString(16).padStart(17, '0')}`,
    Groups: [{ GroupId: syntheticGroupId(index % groups) }],
  }));
  return fake.attach(ec2);
}

function published() {
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  const body = JSON.parse(input?.Message ?? '{}');
  return { input, body, digest: JSON.parse(body.lambda ?? '{}') };
}

describe('handler: dailyAudit', () => {
  describe('on the drifted example estate', () => {
    beforeEach(() => {
      Ec2Fake.fromExample('production-drifted').attach(ec2);
    });

    it('publishes one digest: subject with the counts, attributes, text for people, JSON for machines', async () => {
      await handler({});

      const { input, body, digest } = published();
      expect(input).toMatchObject({
        TopicArn: TOPIC,
        MessageStructure: 'json',
        Subject:
          '[NON-COMPLIANT] production security group audit 2026-01-15: 4 critical, 2 high, 2 medium, 3 low',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'audit' },
          environment: { DataType: 'String', StringValue: ENVIRONMENT },
          severity: { DataType: 'String', StringValue: 'CRITICAL' },
        },
      });
      expect(Object.keys(input?.MessageAttributes ?? {}).sort()).toEqual(['environment', 'kind', 'severity']);
      expect(Object.keys(body)).toEqual(SNS_PROTOCOL_KEYS);
      expect(body.email).toBe(body.default);
      expect(body.email).toMatch(/^Security Groups Audit Report\n/);
      expect(body.email).toContain('Overall Compliance: NON-COMPLIANT');
      expect(body.email).toContain('Remediation: ');
      expect(body.sqs).toBe(body.lambda);
      expect(body.https).toBe(body.lambda);
      expect(digest).toMatchObject({
        kind: 'audit',
        environment: ENVIRONMENT,
        compliant: false,
        generatedAt: AUDIT_TIME.toISOString(),
        suppressed: [],
        omittedFindings: 0,
      });
      expect(digest.summary).toEqual({
        groups: 8,
        rules: 26,
        findings: { CRITICAL: 4, HIGH: 2, MEDIUM: 2, LOW: 3 },
      });
      expect(digest.findings).toHaveLength(11);
      expect(digest.findings[0]).toMatchObject({
        check: 'permissive-rules',
        severity: 'CRITICAL',
        groupName: 'thebot-backend-sg',
      });
      expect(digest.findings).toContainEqual(
        expect.objectContaining({ check: 'missing-rules', baselineRuleId: 'redis_from_bastion' }),
      );
    });

    it('reports a pinned VPC that holds no group as a CRITICAL finding (the Lambda cannot exit 2)', async () => {
      const runtime = loadRuntime('test');
      runtime.baseline = { ...runtime.baseline, vpcIds: ['vpc-0aaaaaaaaaaaaaaaa'] };
      await createDailyAuditHandler(runtime)({});
      const { digest } = published();
      expect(digest.findings).toContainEqual(
        expect.objectContaining({ check: 'unmatched-vpc-pins', severity: 'CRITICAL' }),
      );
    });

    it('sends every metric in one PutMetricData, each with the Environment dimension', async () => {
      await handler({});

      expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
      const input = cloudwatch.commandCalls(PutMetricDataCommand)[0]?.args[0].input;
      expect(input?.Namespace).toBe(NAMESPACE);
      const datum = (MetricName: string, Value: unknown, Unit: string, severity?: string) => ({
        MetricName,
        Value,
        Unit,
        Timestamp: AUDIT_TIME,
        Dimensions: severity
          ? [ENVIRONMENT_DIMENSION, { Name: 'Severity', Value: severity }]
          : [ENVIRONMENT_DIMENSION],
      });
      expect(input?.MetricData).toEqual([
        datum('ComplianceStatus', 0, 'None'),
        datum('SecurityGroupsScanned', 8, 'Count'),
        datum('RulesScanned', 26, 'Count'),
        datum('SuppressedFindings', 0, 'Count'),
        datum('AuditDurationMs', expect.any(Number), 'Milliseconds'),
        datum('Findings', 4, 'Count', 'CRITICAL'),
        datum('Findings', 2, 'Count', 'HIGH'),
        datum('Findings', 2, 'Count', 'MEDIUM'),
        datum('Findings', 3, 'Count', 'LOW'),
      ]);
    });

    it('answers a manual invocation with the summary', async () => {
      await expect(handler({})).resolves.toEqual({
        environment: ENVIRONMENT,
        compliant: false,
        groups: 8,
        rules: 26,
        findings: { CRITICAL: 4, HIGH: 2, MEDIUM: 2, LOW: 3 },
        suppressed: 0,
      });
    });

    it('fails the invocation when the digest cannot be published, and still sends the metrics', async () => {
      sns.on(PublishCommand).rejects(new Error('KMS key disabled'));

      await expect(handler({})).rejects.toBeInstanceOf(PublishError);
      expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
    });

    it('publishes the digest when CloudWatch fails', async () => {
      cloudwatch.on(PutMetricDataCommand).rejects(new Error('Throttling'));

      await expect(handler({})).resolves.toMatchObject({ compliant: false });
      expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    });
  });

  it('reports COMPLIANT with ComplianceStatus 1 on the compliant example', async () => {
    Ec2Fake.fromExample('production-compliant').attach(ec2);
    await handler({});

    const { input, digest } = published();
    expect(input?.Subject).toBe(
      '[COMPLIANT] production security group audit 2026-01-15: 0 critical, 0 high, 0 medium, 0 low',
    );
    expect(digest).toMatchObject({ compliant: true, findings: [] });
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, {
      MetricData: expect.arrayContaining([
        expect.objectContaining({ MetricName: 'ComplianceStatus', Value: 1 }),
      ]),
    });
  });

  it('reports attachment drift from the full read: the database on a public instance, a side door on redis', async () => {
    const fake = Ec2Fake.fromExample('production-compliant');
    const database = fake.groupIdByName('thebot-database-sg');
    const redis = fake.groupIdByName('thebot-redis-sg');
    fake.addGroup({
      GroupId: 'sg-0feedfacecafe0001',
      GroupName: 'temp-debug-sg',
      VpcId: 'vpc-0123456789abcdef0',
      Tags: [
        { Key: 'Name', Value: 'temp-debug' },
        { Key: 'Environment', Value: 'production' },
        { Key: 'ManagedBy', Value: 'terraform' },
      ],
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'debug' }],
        },
      ],
    });
    fake.networkInterfaces.push(
      recordedRawInterface('eni-535f639a', [database]),
      recordedRawInterface('eni-1040e4c0', [redis, 'sg-0feedfacecafe0001']),
    );
    fake.attach(ec2);
    await handler({});

    const { digest } = published();
    const about = (check: string) =>
      digest.findings.filter((finding: { check: string }) => finding.check === check);
    expect(about('internet-exposed-roles')).toMatchObject([
      {
        severity: 'CRITICAL',
        groupId: database,
        exposure: { reachable: 1, resources: ['i-06082bd7eb8460b79 (54.209.172.47)'] },
      },
    ]);
    expect(about('unexpected-carriers')).toMatchObject([{ severity: 'CRITICAL', groupId: database }]);
    expect(about('side-door-groups')).toMatchObject([{ severity: 'HIGH', groupId: redis }]);
    expect(about('permissive-rules')).toMatchObject([
      {
        severity: 'CRITICAL',
        groupId: 'sg-0feedfacecafe0001',
        exposure: { reachable: 0, resources: ['ElastiCache myecsgtest-003'] },
      },
    ]);
    const { body } = published();
    expect(body.default).toContain('exposes i-06082bd7eb8460b79 (54.209.172.47) to the internet');
  });

  it(`reads ${LARGE_ESTATE_GROUPS} groups and ${LARGE_ESTATE_INTERFACES} interfaces in ⌈groups/250⌉ + ⌈interfaces/1000⌉ pages`, async () => {
    largeEstate(LARGE_ESTATE_GROUPS, LARGE_ESTATE_INTERFACES);
    await handler({});

    const groupPages = Math.ceil(LARGE_ESTATE_GROUPS / GROUPS_PAGE_SIZE);
    const interfacePages = Math.ceil(LARGE_ESTATE_INTERFACES / INTERFACES_PAGE_SIZE);
    // The route tables of a region fit one page of 100.
    expect(ec2.calls()).toHaveLength(groupPages + interfacePages + 1);
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { MaxResults: 100 });
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, groupPages);
    expect(ec2).toHaveReceivedCommandTimes(DescribeNetworkInterfacesCommand, interfacePages);
    for (const call of ec2.commandCalls(DescribeSecurityGroupsCommand))
      expect(call.args[0].input).toMatchObject({ MaxResults: GROUPS_PAGE_SIZE });
    for (const call of ec2.commandCalls(DescribeNetworkInterfacesCommand))
      expect(call.args[0].input).toMatchObject({ MaxResults: INTERFACES_PAGE_SIZE });
    expect(published().digest.summary).toMatchObject({ groups: LARGE_ESTATE_GROUPS, rules: 50_000 });
  });

  it(`keeps the digest of a ${HUGE_ESTATE_GROUPS}-group estate under 256 KB, valid, most severe first`, async () => {
    largeEstate(HUGE_ESTATE_GROUPS, HUGE_ESTATE_GROUPS);
    await handler({});

    const { input, body, digest } = published();
    expect(Buffer.byteLength(input?.Message ?? '', 'utf8')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(Object.keys(body)).toEqual(SNS_PROTOCOL_KEYS);
    const total = Object.values(digest.summary.findings as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(digest.summary.groups).toBe(HUGE_ESTATE_GROUPS);
    expect(digest.omittedFindings).toBeGreaterThan(0);
    expect(digest.findings.length + digest.omittedFindings).toBe(total);
    const criticals = digest.summary.findings.CRITICAL;
    expect(
      digest.findings.slice(0, criticals).every((f: { severity: string }) => f.severity === 'CRITICAL'),
    ).toBe(true);
    expect(body.email).toContain(`${digest.omittedFindings} findings omitted`);
  });
});
