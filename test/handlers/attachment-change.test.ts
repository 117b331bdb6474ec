/**
 * Attachment drift in real time: the calls that put a group on another interface or instance,
 * from the real records of test/fixtures/attachments (and the two constructed Modify* records),
 * through the change handler against the in-memory EC2.
 */
import 'aws-sdk-client-mock-jest';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  type NetworkInterface,
} from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { changeHandlers } from '../support/change-handler';
import type { Ec2Fake } from '../support/ec2-fake';
import {
  type AnyEvent,
  attachmentRecord,
  authorizeIngressEvent,
  inEnvelope,
  recordedIn,
} from '../support/events';
import { mockedAws, resetAws } from '../support/mocked-aws';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const SELF_ROLE = 'arn:aws:iam::123456789012:role/sg-drift-monitor-change';
const VPC = 'vpc-0123456789abcdef0';
const DATABASE = 'sg-0a1b2c3d4e5f60004';
const BACKEND = 'sg-0a1b2c3d4e5f60003';
const REDIS = 'sg-0a1b2c3d4e5f60005';
/** The unknown group of the constructed ModifyNetworkInterfaceAttribute record. */
const LEGACY = 'sg-0f1e2d3c4b5a60077';
const PARTNER_CIDR = '198.51.100.0/24';
const PUBLIC_IP = '54.171.20.7';
const ROLE_GROUP_IDS = [1, 2, 3, 4, 5, 6].map((n) => `sg-0a1b2c3d4e5f6000${n}`);

const BASE_ENV = {
  ENVIRONMENT: 'production',
  ALERT_TOPIC_ARN: TOPIC,
  SELF_ROLE_ARN: SELF_ROLE,
  LOG_LEVEL: 'error',
};
const { handlerWith } = changeHandlers(BASE_ENV);

const aws = mockedAws();
const { ec2, sns, cloudwatch } = aws;
let fake: Ec2Fake;

beforeEach(() => {
  fake = resetAws(aws);
});

/** A record of the fixtures, wrapped and recorded in the monitor's account and region. */
function attachmentEvent(file: string, edit?: (record: AnyEvent) => void): AnyEvent {
  const record = attachmentRecord(file);
  edit?.(record);
  return recordedIn(inEnvelope(record));
}

/** An instance's interface as EC2 describes it after the call. */
function instanceInterface(interfaceId: string, instanceId: string, groups: string[], publicIp?: string) {
  const eni: NetworkInterface = {
    NetworkInterfaceId: interfaceId,
    Description: '',
    Status: 'in-use',
    VpcId: VPC,
    SubnetId: 'subnet-0a1b2c3d4e5f60001',
    InterfaceType: 'interface',
    Groups: groups.map((GroupId) => ({ GroupId })),
    Attachment: { InstanceId: instanceId, DeviceIndex: 0, Status: 'attached' },
    ...(publicIp ? { Association: { PublicIp: publicIp, IpOwnerId: 'amazon' } } : {}),
  };
  fake.networkInterfaces.push(eni);
}

function published() {
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  const body = JSON.parse(input?.Message ?? '{}');
  return { subject: input?.Subject ?? '', text: body.default as string, alert: JSON.parse(body.sqs ?? '{}') };
}

function metricsSent(): string[] {
  return cloudwatch
    .commandCalls(PutMetricDataCommand)
    .flatMap((call) => (call.args[0].input.MetricData ?? []).map((datum) => datum.MetricName ?? ''));
}

/** The EC2 commands sent, in order, as name and input. */
function ec2Commands(): [string, unknown][] {
  return ec2.calls().map((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: unknown };
    return [command.constructor.name, command.input];
  });
}

describe('handler: attachment drift', () => {
  it('alerts CRITICAL when ModifyInstanceAttribute puts the database group on an instance with a public IP', async () => {
    instanceInterface('eni-0a1b2c3d4e5f60098', 'i-0a1b2c3d4e5f60099', [DATABASE], PUBLIC_IP);
    await handlerWith()(attachmentEvent('constructed-modifyinstanceattribute-groupset-cli.json'));

    const { subject, text, alert } = published();
    expect(alert.severity).toBe('CRITICAL');
    expect(subject).toMatch(
      /^CRITICAL production thebot-database-sg: put on internet-reachable i-0a1b2c3d4e5f60099/,
    );
    expect(subject).toMatch(/by alice$/);
    expect(alert.findings).toEqual([
      expect.objectContaining({ check: 'internet-exposed-roles', groupId: DATABASE, role: 'database' }),
      // The baseline says RDS carries the database group, not an EC2 instance.
      expect.objectContaining({ check: 'unexpected-carriers', groupId: DATABASE, role: 'database' }),
    ]);
    expect(alert.findings[0].message).toContain(`i-0a1b2c3d4e5f60099 (${PUBLIC_IP})`);
    expect(alert.attachments).toEqual([
      { interfaceId: null, instanceId: 'i-0a1b2c3d4e5f60099', groupIds: [DATABASE] },
    ]);
    expect(text).toContain(`i-0a1b2c3d4e5f60099 carries thebot-database-sg (${DATABASE})`);
    expect(text).toContain('arn:aws:iam::123456789012:user/alice');
    // Read by instance: the call names no interface.
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand).map((call) => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'attachment.instance-id', Values: ['i-0a1b2c3d4e5f60099'] }], MaxResults: 1000 },
    ]);
  });

  it('names the group of the worst news, whatever group the caller lists first (subject, role attribute)', async () => {
    // A decoy named like an all-clear, listed before the database group.
    fake.addGroup({
      GroupId: LEGACY,
      GroupName: 'CR-1234 approved, no action needed',
      VpcId: VPC,
      IpPermissions: [],
    });
    instanceInterface('eni-0a1b2c3d4e5f60098', 'i-0a1b2c3d4e5f60099', [LEGACY, DATABASE], PUBLIC_IP);
    await handlerWith()(
      attachmentEvent('constructed-modifyinstanceattribute-groupset-cli.json', (record) => {
        record.requestParameters.groupSet.items = [{ groupId: LEGACY }, { groupId: DATABASE }];
      }),
    );

    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.Subject).toMatch(/^CRITICAL production thebot-database-sg: /);
    expect(input?.MessageAttributes?.role?.StringValue).toBe('database');
    expect(published().alert.groups.map((group: { groupId: string }) => group.groupId)).toEqual([
      DATABASE,
      LEGACY,
    ]);
  });

  it('alerts HIGH when ModifyNetworkInterfaceAttribute adds an unknown group to the database interface, naming it and what it opens', async () => {
    fake.addGroup({
      GroupId: LEGACY,
      GroupName: 'legacy-reporting-sg',
      Description: 'reporting partner',
      VpcId: VPC,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: PARTNER_CIDR }] },
      ],
    });
    instanceInterface('eni-0a1b2c3d4e5f60099', 'i-0a1b2c3d4e5f60098', [DATABASE, LEGACY]);
    // The database's own interface (RDS, as its baseline's carriedBy says): only the side door is news.
    Object.assign(fake.networkInterfaces.at(-1) ?? {}, {
      Description: 'RDSNetworkInterface',
      RequesterId: 'amazon-rds',
      RequesterManaged: true,
      InterfaceType: 'interface',
      Attachment: { InstanceOwnerId: 'amazon-rds', DeviceIndex: 1, Status: 'attached' },
    });
    await handlerWith()(attachmentEvent('constructed-modifynetworkinterfaceattribute-groupset-cli.json'));

    const { subject, alert } = published();
    expect(alert.severity).toBe('HIGH');
    expect(subject).toContain('unknown group beside it on eni-0a1b2c3d4e5f60099');
    const sideDoor = alert.findings.find((finding: AnyEvent) => finding.check === 'side-door-groups');
    expect(sideDoor).toMatchObject({ severity: 'HIGH', groupId: DATABASE, role: 'database' });
    expect(sideDoor.message).toContain(`legacy-reporting-sg (${LEGACY})`);
    expect(sideDoor.message).toContain(PARTNER_CIDR);
    expect(sideDoor.message).toContain('5432');
    // One interface read, by its id.
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand).map((call) => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'network-interface-id', Values: ['eni-0a1b2c3d4e5f60099'] }], MaxResults: 1000 },
    ]);
  });

  it('alerts CRITICAL when RunInstances launches into the redis group with a public IP (real console record)', async () => {
    const event = attachmentEvent(
      'cloudryer-lookupevents-runinstances-iamuser-console-nis-groupset.json',
      (record) => {
        record.requestParameters.networkInterfaceSet.items[0].groupSet.items = [{ groupId: REDIS }];
        const [instance] = record.responseElements.instancesSet.items;
        instance.groupSet.items = [{ groupId: REDIS, groupName: 'thebot-redis-sg' }];
        instance.networkInterfaceSet.items[0].groupSet.items = [
          { groupId: REDIS, groupName: 'thebot-redis-sg' },
        ];
      },
    );
    expect(event.detail.requestParameters.networkInterfaceSet.items[0].associatePublicIpAddress).toBe(true);
    instanceInterface('eni-0e2047025f1642a88', 'i-08b3f8f7dcc08d7e4', [REDIS], '3.91.20.7');
    await handlerWith()(event);

    const { subject, alert } = published();
    expect(alert.severity).toBe('CRITICAL');
    expect(subject).toContain('thebot-redis-sg: put on internet-reachable i-08b3f8f7dcc08d7e4');
    expect(alert.findings).toEqual([
      expect.objectContaining({ check: 'internet-exposed-roles', groupId: REDIS, role: 'redis' }),
      // The baseline says ElastiCache carries the redis group, not an EC2 instance.
      expect.objectContaining({ check: 'unexpected-carriers', groupId: REDIS, role: 'redis' }),
    ]);
    expect(alert.findings[0].message).toContain('i-08b3f8f7dcc08d7e4 (3.91.20.7)');
  });

  it('AttachNetworkInterface (no group in the event) costs exactly one DescribeNetworkInterfaces and one DescribeSecurityGroups', async () => {
    instanceInterface('eni-0a9c4b60624c0e41d', 'i-0f3fbbbc0298d1a86', [DATABASE], PUBLIC_IP);
    const handler = handlerWith();
    // Warm the container (the role groups are looked up by name once per container).
    fake.authorize(false, {
      GroupId: REDIS,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 6380, ToPort: 6380, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
      ],
    });
    await handler(authorizeIngressEvent(REDIS, 6380, '10.0.0.0/16'));
    ec2.resetHistory();
    sns.resetHistory();

    await handler(attachmentEvent('cloudryer-lookupevents-attachnetworkinterface-root-console.json'));

    expect(ec2Commands()).toEqual([
      [
        DescribeNetworkInterfacesCommand.name,
        { Filters: [{ Name: 'network-interface-id', Values: ['eni-0a9c4b60624c0e41d'] }], MaxResults: 1000 },
      ],
      [
        DescribeSecurityGroupsCommand.name,
        {
          Filters: [
            { Name: 'group-id', Values: [DATABASE, ...ROLE_GROUP_IDS.filter((id) => id !== DATABASE)] },
          ],
        },
      ],
    ]);
    const { alert, text } = published();
    expect(alert.severity).toBe('CRITICAL');
    // The groups came from the interface read: the event named none.
    expect(alert.attachments).toEqual([
      { interfaceId: 'eni-0a9c4b60624c0e41d', instanceId: 'i-0f3fbbbc0298d1a86', groupIds: [DATABASE] },
    ]);
    expect(text).toContain('arn:aws:iam::450502852875:root via the AWS console');
  });

  it('reports the attachment finding as not reverted, and why, when auto-revert is on', async () => {
    instanceInterface('eni-0a1b2c3d4e5f60098', 'i-0a1b2c3d4e5f60099', [DATABASE], PUBLIC_IP);
    await handlerWith({ AUTO_REVERT: 'enforce' })(
      attachmentEvent('constructed-modifyinstanceattribute-groupset-cli.json'),
    );

    const { alert, text } = published();
    expect(alert.outcome).toMatchObject({
      status: 'not-revertible',
      summary:
        'not reverted: attachment drift is only alerted: auto-revert never detaches groups or stops instances',
      results: [
        expect.objectContaining({ status: 'skipped', groupId: DATABASE, checks: ['internet-exposed-roles'] }),
        expect.objectContaining({ status: 'skipped', groupId: DATABASE, checks: ['unexpected-carriers'] }),
      ],
    });
    expect(text).toContain(
      'skipped: internet-exposed-roles on thebot-database-sg: attachment drift is only alerted: auto-revert never detaches groups or stops instances',
    );
    // Nothing written: no rule read for a revert, no revoke, no detach.
    expect(ec2Commands().map(([name]) => name)).toEqual([
      DescribeNetworkInterfacesCommand.name,
      DescribeSecurityGroupsCommand.name,
      DescribeSecurityGroupsCommand.name,
    ]);
  });

  it('a compliant launch (an instance without public IP into the backend group) does not alert', async () => {
    const event = attachmentEvent(
      'panther-runinstances-autoscaling-launchtemplate-response-groupset-only.json',
      (record) => {
        const [instance] = record.responseElements.instancesSet.items;
        instance.groupSet.items = [{ groupId: BACKEND }];
        instance.networkInterfaceSet.items[0].groupSet.items = [{ groupId: BACKEND }];
      },
    );
    instanceInterface('eni-03ac9043f76fab96c', 'i-07d06021b0da55115', [BACKEND]);
    await handlerWith()(event);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(metricsSent()).toContain('ChangeEventsProcessed');
  });

  it('hygiene drift already on an attached group (a missing tag) is not news of the attachment', async () => {
    // The backend group on a private instance: a carrier its baseline declares (carriedBy: instance).
    instanceInterface('eni-0a1b2c3d4e5f60098', 'i-0a1b2c3d4e5f60099', [BACKEND]);
    const event = () =>
      attachmentEvent('constructed-modifyinstanceattribute-groupset-cli.json', (record) => {
        record.requestParameters.groupSet.items = [{ groupId: BACKEND }];
      });
    const notifying = { NOTIFY_COMPLIANT_CHANGES: 'true' };
    // Compliant: with NOTIFY_COMPLIANT_CHANGES the attachment is told as INFO.
    expect(await handlerWith(notifying)(event())).toMatchObject({ severity: null, alerted: true });
    // A missing tag on the group: a finding remains on it (so no INFO), but it is not this event's.
    const backend = fake.groups.get(BACKEND);
    if (backend) backend.meta.Tags = [];
    expect(await handlerWith(notifying)(event())).toMatchObject({ severity: null, alerted: false });
  });

  it.each([
    'panther-runinstances-eks-nodegroup-dryrun-error-launchtemplate.json',
    'panther-stratus-runinstances-unauthorized-error-response-null.json',
  ])('%s: a failed or dry-run call reads nothing and is counted as FailedCallsIgnored', async (file) => {
    await handlerWith()(attachmentEvent(file));
    expect(ec2.calls()).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(metricsSent()).toEqual(['FailedCallsIgnored']);
  });

  it('a ModifyInstanceAttribute of the instance type reads nothing and is counted apart', async () => {
    await handlerWith()(
      attachmentEvent('constructed-modifyinstanceattribute-groupset-cli.json', (record) => {
        record.requestParameters = { instanceId: 'i-0a1b2c3d4e5f60099', instanceType: { value: 'm5.large' } };
      }),
    );
    expect(ec2.calls()).toHaveLength(0);
    expect(metricsSent()).toEqual(['OtherAttributeChangesIgnored']);
  });
});

describe('handler: attachment drift, carriers', () => {
  it('the database group put on an EC2 instance (its baseline says RDS) is alerted as unexpected-carriers', async () => {
    instanceInterface('eni-0a1b2c3d4e5f60098', 'i-0a1b2c3d4e5f60099', [DATABASE]);
    const result = await handlerWith()(
      attachmentEvent('constructed-modifyinstanceattribute-groupset-cli.json'),
    );
    expect(result).toMatchObject({ alerted: true });
    const body = JSON.parse(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}');
    expect(JSON.parse(body.sqs).findings.map((finding: { check: string }) => finding.check)).toContain(
      'unexpected-carriers',
    );
  });
});
