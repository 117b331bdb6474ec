import 'aws-sdk-client-mock-jest';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { changeHandlers } from '../support/change-handler';
import { Ec2Fake } from '../support/ec2-fake';
import {
  type AnyEvent,
  authorizeIngressEvent,
  deleteGroupEvent,
  fixture,
  MONITOR_ACCOUNT,
  MONITOR_REGION,
  recordedIn,
  revokeIngressFromGroupEvent,
} from '../support/events';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const SELF_ROLE = 'arn:aws:iam::123456789012:role/sg-drift-monitor-change';
const WORLD_V4 = '0.0.0.0/0';
const DATABASE = 'sg-0a1b2c3d4e5f60004';
const BASTION = 'sg-0a1b2c3d4e5f60001';
const REDIS = 'sg-0a1b2c3d4e5f60005';
const ROLE_GROUP_NAMES = ['bastion', 'frontend', 'backend', 'database', 'redis', 'vpc-endpoints'].map(
  (role) => `thebot-${role}-sg`,
);
const FOREIGN_ACCOUNT = '999999999999';
/** Real events as published, each from its own account and region (none of them the monitor's). */
const REAL_CHANGE_EVENTS = [
  'AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json',
  'RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json',
  'CreateSecurityGroup/aws-spotlight-console-iamuser.json',
  'DeleteSecurityGroup/aws-spotlight-eks-service-role.json',
];
const ROLE_GROUP_IDS = [1, 2, 3, 4, 5, 6].map((n) => `sg-0a1b2c3d4e5f6000${n}`);

const { handlerWith } = changeHandlers({
  ENVIRONMENT: 'production',
  ALERT_TOPIC_ARN: TOPIC,
  SELF_ROLE_ARN: SELF_ROLE,
  LOG_LEVEL: 'error',
});

const ec2 = mockClient(EC2Client);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
let fake: Ec2Fake;
let handler: (event: unknown) => Promise<unknown>;

beforeEach(() => {
  ec2.reset();
  sns.reset();
  cloudwatch.reset();
  fake = Ec2Fake.fromExample('production-compliant').attach(ec2);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  cloudwatch.on(PutMetricDataCommand).resolves({});
  handler = handlerWith(); // a fresh container per test
});

/** The world-open rule the event describes, present when the group is re-read. */
function openOnAws(groupId: string, port: number) {
  fake.authorize(false, {
    GroupId: groupId,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: WORLD_V4 }] }],
  });
}

function publishedMessage() {
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  return {
    input,
    body: JSON.parse(input?.Message ?? '{}'),
    alert: JSON.parse(JSON.parse(input?.Message ?? '{}').sqs ?? '{}'),
  };
}

/** The exact DescribeSecurityGroups inputs of a cold container: role groups by name, then one read. */
function coldRead(affected: string): object[] {
  return [
    { Filters: [{ Name: 'group-name', Values: ROLE_GROUP_NAMES }] },
    {
      Filters: [{ Name: 'group-id', Values: [affected, ...ROLE_GROUP_IDS.filter((id) => id !== affected)] }],
    },
  ];
}

function describeInputs(): object[] {
  return ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input);
}

/** Every PutMetricData as `name[:severity]=value` (timings as `name=ms`), in the order sent. */
function metricsSent(): string[][] {
  return cloudwatch.commandCalls(PutMetricDataCommand).map((call) => {
    expect(call.args[0].input.Namespace).toBe('SecurityGroupDrift');
    return (call.args[0].input.MetricData ?? []).map((datum) => {
      const severity = datum.Dimensions?.find((dimension) => dimension.Name === 'Severity')?.Value;
      const value = datum.Unit === 'Milliseconds' ? 'ms' : datum.Value;
      return `${datum.MetricName}${severity ? `:${severity}` : ''}=${value}`;
    });
  });
}

/** Every Publish as its topic, subject and attributes (the message is checked where it matters). */
function publishesSent(): object[] {
  return sns.commandCalls(PublishCommand).map(({ args: [{ input }] }) => ({
    TopicArn: input.TopicArn,
    Subject: input.Subject,
    MessageStructure: input.MessageStructure,
    attributes: Object.fromEntries(
      Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
    ),
  }));
}

const PROCESSED = ['ChangeEventsProcessed=1', 'DetectionLagMs=ms', 'EvaluationMs=ms'];

describe('handler: securityGroupChange', () => {
  it('alerts CRITICAL when the database port is opened to the world', async () => {
    openOnAws(DATABASE, 5432);
    await handler(authorizeIngressEvent(DATABASE, 5432));

    // A cold container: the role groups by name (once), then ONE read of the affected + role groups.
    const describes = ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input);
    expect(describes).toEqual([
      { Filters: [{ Name: 'group-name', Values: ROLE_GROUP_NAMES }] },
      {
        Filters: [
          { Name: 'group-id', Values: [DATABASE, ...ROLE_GROUP_IDS.filter((id) => id !== DATABASE)] },
        ],
      },
    ]);
    const { input, body, alert } = publishedMessage();
    expect(Object.keys(input ?? {}).sort()).toEqual([
      'Message',
      'MessageAttributes',
      'MessageStructure',
      'Subject',
      'TopicArn',
    ]);
    expect(Object.keys(body).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sqs']);
    expect(body.default).toBe(body.email);
    expect(body.lambda).toBe(body.sqs);
    expect(input).toMatchObject({ TopicArn: TOPIC, MessageStructure: 'json' });
    expect(input?.Subject).toBe(
      'CRITICAL production thebot-database-sg: 5432/tcp opened to 0.0.0.0/0 by ryan@example.com',
    );
    expect(input?.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'change' },
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      environment: { DataType: 'String', StringValue: 'production' },
      role: { DataType: 'String', StringValue: 'database' },
      eventName: { DataType: 'String', StringValue: 'AuthorizeSecurityGroupIngress' },
    });
    expect(body.email).toContain('ryan@example.com');
    expect(body.email).toContain('change request');
    expect(alert).toMatchObject({
      kind: 'change',
      environment: 'production',
      severity: 'CRITICAL',
      eventId: 'evt-open-1',
      eventName: 'AuthorizeSecurityGroupIngress',
      groups: [{ groupId: DATABASE, groupName: 'thebot-database-sg', role: 'database' }],
    });
    expect(alert.findings.map((finding: { check: string }) => finding.check).sort()).toEqual([
      'permissive-rules',
      'undocumented-rules',
      'unexpected-rules',
    ]);
    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
    const production = { Name: 'Environment', Value: 'production' };
    const datum = (MetricName: string, Value: unknown, Unit: string, severity?: string) => ({
      MetricName,
      Value,
      Unit,
      Timestamp: expect.any(Date),
      Dimensions: severity ? [production, { Name: 'Severity', Value: severity }] : [production],
    });
    expect(cloudwatch.commandCalls(PutMetricDataCommand)[0]?.args[0].input).toEqual({
      Namespace: 'SecurityGroupDrift',
      MetricData: [
        datum('ChangeEventsProcessed', 1, 'Count'),
        datum('DetectionLagMs', expect.any(Number), 'Milliseconds'),
        datum('EvaluationMs', expect.any(Number), 'Milliseconds'),
        datum('DriftDetected', 2, 'Count', 'CRITICAL'),
        datum('DriftDetected', 1, 'Count', 'LOW'),
      ],
    });
  });

  it('does not alert for a change that leaves the group compliant', async () => {
    const event = recordedIn(fixture('AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json'));
    event.detail.requestParameters.groupId = BASTION;
    event.detail.requestParameters.ipPermissions.items[0].ipRanges.items[0].cidrIp = '203.0.113.0/32';
    await handler(event);
    expect(describeInputs()).toEqual(coldRead(BASTION));
    expect(publishesSent()).toEqual([]);
    expect(metricsSent()).toEqual([PROCESSED]);
  });

  it('sends an INFO alert for a compliant change when NOTIFY_COMPLIANT_CHANGES=true', async () => {
    handler = handlerWith({ NOTIFY_COMPLIANT_CHANGES: 'true' });
    const event = authorizeIngressEvent(BASTION, 22, '203.0.113.0/32');
    await handler(event);
    expect(publishedMessage().input?.MessageAttributes?.severity?.StringValue).toBe('INFO');
  });

  it('alerts MEDIUM naming the baseline rule when a baseline rule is revoked', async () => {
    fake.revoke(false, {
      GroupId: REDIS,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: BASTION }] },
      ],
    });
    await handler(revokeIngressFromGroupEvent(REDIS, 6379, BASTION));
    expect(describeInputs()).toEqual(coldRead(REDIS));
    expect(publishesSent()).toEqual([
      {
        TopicArn: TOPIC,
        Subject: 'MEDIUM production thebot-redis-sg: redis_from_bastion removed by test_user',
        MessageStructure: 'json',
        attributes: {
          kind: 'change',
          severity: 'MEDIUM',
          environment: 'production',
          role: 'redis',
          eventName: 'RevokeSecurityGroupIngress',
        },
      },
    ]);
    expect(metricsSent()).toEqual([[...PROCESSED, 'DriftDetected:MEDIUM=1']]);
    expect(publishedMessage().alert.findings).toMatchObject([
      { check: 'missing-rules', baselineRuleId: 'redis_from_bastion' },
    ]);
  });

  it('alerts CRITICAL missing-groups when the database group is deleted, even in a cold container', async () => {
    fake.groups.delete(DATABASE);
    await handler(deleteGroupEvent(DATABASE));
    // No second look-up for the missing role: the directory was filled by name a moment ago.
    expect(describeInputs()).toEqual(coldRead(DATABASE));
    expect(publishesSent()).toEqual([
      {
        TopicArn: TOPIC,
        Subject: 'CRITICAL production sg-0a1b2c3d4e5f60004: group deleted by AmazonEKS',
        MessageStructure: 'json',
        attributes: {
          kind: 'change',
          severity: 'CRITICAL',
          environment: 'production',
          role: 'database',
          eventName: 'DeleteSecurityGroup',
        },
      },
    ]);
    expect(metricsSent()).toEqual([[...PROCESSED, 'DriftDetected:CRITICAL=1']]);
    const { alert } = publishedMessage();
    expect(alert).toMatchObject({
      severity: 'CRITICAL',
      groups: [{ groupId: DATABASE, groupName: null, role: 'database' }],
    });
    expect(alert.findings.map((finding: { check: string }) => finding.check)).toContain('missing-groups');
  });

  it('names the role of a deleted group it had seen before (warm container)', async () => {
    await handler(authorizeIngressEvent(BASTION, 22, '203.0.113.0/32', 'warm-up'));
    fake.groups.delete(REDIS);
    await handler(deleteGroupEvent(REDIS));
    expect(publishedMessage().alert).toMatchObject({
      severity: 'MEDIUM',
      groups: [{ groupId: REDIS, role: 'redis' }],
    });
  });

  it('ignores a failed call without reading EC2, and counts it', async () => {
    const event = authorizeIngressEvent(DATABASE, 5432);
    event.detail.errorCode = 'Client.UnauthorizedOperation';
    await handler(event);
    expect(ec2.calls()).toHaveLength(0);
    expect(publishesSent()).toEqual([]);
    expect(metricsSent()).toEqual([['FailedCallsIgnored=1']]);
  });

  it('publishes once for the same event delivered twice, and counts the duplicate', async () => {
    openOnAws(DATABASE, 5432);
    await handler(authorizeIngressEvent(DATABASE, 5432));
    await handler(authorizeIngressEvent(DATABASE, 5432));
    expect(publishesSent()).toHaveLength(1);
    expect(describeInputs()).toEqual(coldRead(DATABASE)); // the second delivery reads nothing
    expect(metricsSent()).toEqual([
      [...PROCESSED, 'DriftDetected:CRITICAL=2', 'DriftDetected:LOW=1'],
      ['DuplicateEvents=1'],
    ]);
  });

  it("ignores the monitor's own changes", async () => {
    const event = authorizeIngressEvent(DATABASE, 5432);
    event.detail.userIdentity.sessionContext.sessionIssuer.arn = SELF_ROLE;
    await handler(event);
    expect(ec2.calls()).toHaveLength(0);
    expect(publishesSent()).toEqual([]);
    expect(metricsSent()).toEqual([['OwnChangesIgnored=1']]);
  });

  it('counts an event from another source (a schedule) as ForeignSourceEvents, not as unparseable', async () => {
    const event = fixture('ScheduledEvent/awsdocs-eventbridge-scheduled-event.json');
    await expect(handler(event)).resolves.toEqual({ status: 'skipped', reason: 'not-security-group-event' });
    expect(ec2.calls()).toHaveLength(0);
    expect(metricsSent()).toEqual([['ForeignSourceEvents=1']]);
  });

  it.each([
    ['garbage', 'not an event'],
    [
      'a truncated envelope',
      { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: 'oops' },
    ],
    ['null', null],
  ])('counts %s as UnparseableEvents and publishes nothing', async (_name, event) => {
    await expect(handler(event)).resolves.toMatchObject({ status: expect.any(String) });
    expect(ec2.calls()).toHaveLength(0);
    expect(publishesSent()).toEqual([]);
    expect(metricsSent()).toEqual([['UnparseableEvents=1']]);
  });

  it('skips a crafted event from account 999999999999 naming a local group: no read, no alert; ForeignEvents', async () => {
    openOnAws(DATABASE, 5432);
    const event = recordedIn(authorizeIngressEvent(DATABASE, 5432), FOREIGN_ACCOUNT);
    await expect(handler(event)).resolves.toEqual({ status: 'skipped', reason: 'foreign-origin' });
    expect(ec2.calls()).toHaveLength(0);
    expect(publishesSent()).toEqual([]);
    expect(metricsSent()).toEqual([['ForeignEvents=1']]);
  });

  it.each([
    ['the envelope account', (event: AnyEvent) => Object.assign(event, { account: FOREIGN_ACCOUNT })],
    [
      'the record recipientAccountId',
      (event: AnyEvent) => ({
        ...event,
        detail: { ...event.detail, ...{ recipientAccountId: FOREIGN_ACCOUNT } },
      }),
    ],
    ['the envelope region', (event: AnyEvent) => Object.assign(event, { region: 'us-east-1' })],
    [
      'the record awsRegion',
      (event: AnyEvent) => ({ ...event, detail: { ...event.detail, ...{ awsRegion: 'us-east-1' } } }),
    ],
    [
      'a missing account',
      (event: AnyEvent) => {
        delete event.account;
        delete event.detail.recipientAccountId;
        return event;
      },
    ],
  ])("skips an event when %s is not the monitor's (envelope and record must agree)", async (_what, edit) => {
    openOnAws(DATABASE, 5432);
    await expect(handler(edit(authorizeIngressEvent(DATABASE, 5432)))).resolves.toEqual({
      status: 'skipped',
      reason: 'foreign-origin',
    });
    expect(ec2.calls()).toHaveLength(0);
    expect(publishesSent()).toEqual([]);
    expect(metricsSent()).toEqual([['ForeignEvents=1']]);
  });

  it.each(REAL_CHANGE_EVENTS)(
    'skips the real event %s as recorded: another account and region',
    async (file) => {
      await expect(handler(fixture(file))).resolves.toMatchObject({
        status: 'skipped',
        reason: 'foreign-origin',
      });
      expect(ec2.calls()).toHaveLength(0);
      expect(publishesSent()).toEqual([]);
      expect(metricsSent()).toEqual([['ForeignEvents=1']]);
    },
  );

  it("evaluates the same real event once recorded in the monitor's account and region", async () => {
    openOnAws(DATABASE, 5432);
    const event = recordedIn(authorizeIngressEvent(DATABASE, 5432), MONITOR_ACCOUNT, MONITOR_REGION);
    await expect(handler(event)).resolves.toMatchObject({ status: 'evaluated', alerted: true });
  });

  it('fails the invocation when the alert cannot be published, so Lambda retries', async () => {
    openOnAws(DATABASE, 5432);
    sns.on(PublishCommand).rejects(new Error('throttled'));
    await expect(handler(authorizeIngressEvent(DATABASE, 5432))).rejects.toThrow('could not publish');
    expect(metricsSent()).toEqual([[...PROCESSED, 'DriftDetected:CRITICAL=2', 'DriftDetected:LOW=1']]);
    sns.on(PublishCommand).resolves({});
    await handler(authorizeIngressEvent(DATABASE, 5432));
    const [failed, retried] = publishesSent();
    expect(retried).toEqual(failed); // the retry publishes the same alert
    expect(publishesSent()).toHaveLength(2);
  });

  it('still alerts when CloudWatch fails', async () => {
    openOnAws(DATABASE, 5432);
    cloudwatch.on(PutMetricDataCommand).rejects(new Error('cloudwatch down'));
    await expect(handler(authorizeIngressEvent(DATABASE, 5432))).resolves.toMatchObject({ alerted: true });
    expect(publishesSent()).toMatchObject([
      { Subject: expect.stringMatching(/^CRITICAL production thebot-database-sg: /) },
    ]);
    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
  });
});
