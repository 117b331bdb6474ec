import 'aws-sdk-client-mock-jest';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { auditEstate } from '../../src/app/run-audit';
import { normalizeGroup } from '../../src/model/normalize';
import { CONTRACTOR_IP, contractorException } from '../rules/helpers';
import { changeHandlers } from '../support/change-handler';
import { AwsError, type Ec2Fake } from '../support/ec2-fake';
import {
  type AnyEvent,
  authorizeIngressEvent,
  fixture,
  recordedIn,
  revokeIngressFromGroupEvent,
} from '../support/events';
import { mockedAws, resetAws } from '../support/mocked-aws';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const SELF_ROLE = 'arn:aws:iam::123456789012:role/sg-drift-monitor-change';
/** The role behind the Go-SDK fixture's assumed-role session. */
const OPERATOR_ROLE = 'arn:aws:iam::112233445566:role/Operator';
const WORLD_V4 = '0.0.0.0/0';
const DEFAULT_GROUP = 'sg-0a1b2c3d4e5f60000';
const BASTION = 'sg-0a1b2c3d4e5f60001';
const BACKEND = 'sg-0a1b2c3d4e5f60003';
const DATABASE = 'sg-0a1b2c3d4e5f60004';
const REDIS = 'sg-0a1b2c3d4e5f60005';
const DAY_MS = 86_400_000;
/** A revoke throttled through every retry: the issue measured about 9 s; 2 s keeps the test short. */
const THROTTLED_CALL_MS = 2_000;

const BASE_ENV = {
  ENVIRONMENT: 'production',
  ALERT_TOPIC_ARN: TOPIC,
  SELF_ROLE_ARN: SELF_ROLE,
  LOG_LEVEL: 'error',
  AUTO_REVERT: 'enforce',
};
const { handlerWith, runtimeWith } = changeHandlers(BASE_ENV);
const { ALERT_RESERVE_MS } = require('../../src/handlers/security-group-change');

const aws = mockedAws();
const { ec2, sns, cloudwatch } = aws;
let fake: Ec2Fake;

beforeEach(() => {
  fake = resetAws(aws);
});

/** The rule the event describes, as it is on AWS when the monitor re-reads the group. */
function openOnAws(groupId: string, port: number, cidr = WORLD_V4): SecurityGroupRule {
  const { SecurityGroupRules } = fake.authorize(false, {
    GroupId: groupId,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] }],
  });
  return SecurityGroupRules[0] as SecurityGroupRule;
}

function ruleWith(
  groupId: string,
  match: (rule: SecurityGroupRule) => boolean,
): SecurityGroupRule | undefined {
  return fake.rulesOf(groupId).find(match);
}

const isWorld5432 = (rule: SecurityGroupRule) => rule.FromPort === 5432 && rule.CidrIpv4 === WORLD_V4;

/** The estate as the fake holds it now, audited against the runtime's baseline. */
function auditNow() {
  const groups = fake.describeSecurityGroups({}).SecurityGroups.map((raw) => normalizeGroup(raw));
  const attachedGroupIds = new Set(
    fake.networkInterfaces.flatMap((eni) => (eni.Groups ?? []).map((group) => group.GroupId as string)),
  );
  return auditEstate(runtimeWith().baseline, {
    groups,
    attachedGroupIds,
  });
}

function published() {
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  const body = JSON.parse(input?.Message ?? '{}');
  return { input, email: body.email as string, alert: JSON.parse(body.sqs ?? '{}') };
}

function metrics(): Record<string, number> {
  const calls = cloudwatch.commandCalls(PutMetricDataCommand);
  expect(calls).toHaveLength(1);
  return Object.fromEntries(
    (calls[0]?.args[0].input.MetricData ?? []).map((datum) => [datum.MetricName, datum.Value as number]),
  );
}

function writes() {
  return [
    ...ec2.commandCalls(RevokeSecurityGroupIngressCommand),
    ...ec2.commandCalls(RevokeSecurityGroupEgressCommand),
    ...ec2.commandCalls(AuthorizeSecurityGroupIngressCommand),
    ...ec2.commandCalls(AuthorizeSecurityGroupEgressCommand),
  ];
}

/** A RevokeSecurityGroupIngress by rule id, as CloudTrail records the monitor's own revoke. */
function ownRevokeEvent(groupId: string, ruleId: string): AnyEvent {
  const event = recordedIn(
    fixture('RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json'),
  );
  event.detail.userIdentity = {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::123456789012:assumed-role/sg-drift-monitor-change/sg-drift-monitor-production',
    accountId: '123456789012',
    sessionContext: { sessionIssuer: { type: 'Role', arn: SELF_ROLE, userName: 'sg-drift-monitor-change' } },
  };
  event.detail.requestParameters = {
    groupId,
    securityGroupRuleIds: { items: [{ securityGroupRuleId: ruleId }] },
  };
  event.detail.eventID = 'evt-own-revoke';
  return event;
}

/** The real console ModifySecurityGroupRules event, pointed at a group, a rule id and a new rule. */
function modifyEvent(groupId: string, ruleId: string, port: number, cidr: string): AnyEvent {
  const event = recordedIn(
    fixture('ModifySecurityGroupRules/cloudtrail-watcher-console-modify-cidr-port.json'),
  );
  const request = event.detail.requestParameters.ModifySecurityGroupRulesRequest;
  request.GroupId = groupId;
  request.SecurityGroupRule.SecurityGroupRuleId = ruleId;
  request.SecurityGroupRule.SecurityGroupRule = {
    CidrIpv4: cidr,
    FromPort: port,
    ToPort: port,
    IpProtocol: 'tcp',
  };
  event.detail.eventID = 'evt-modify-1';
  return event;
}

describe('handler: securityGroupChange auto-revert', () => {
  it('enforce: revokes a world-open database rule by its sgr- id, the group is compliant after', async () => {
    const opened = openOnAws(DATABASE, 5432);
    const result = await handlerWith()(authorizeIngressEvent(DATABASE, 5432));

    expect(result).toMatchObject({ status: 'evaluated', revert: 'applied' });
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, {
      Filters: [{ Name: 'group-id', Values: [DATABASE] }],
    });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: DATABASE,
      SecurityGroupRuleIds: [opened.SecurityGroupRuleId as string],
    });
    expect(ruleWith(DATABASE, isWorld5432)).toBeUndefined();
    expect(auditNow().findings.filter((finding) => finding.groupId === DATABASE)).toEqual([]);

    const { input, email, alert } = published();
    expect(input?.MessageAttributes?.severity?.StringValue).toBe('CRITICAL');
    expect(alert.outcome).toMatchObject({
      mode: 'enforce',
      status: 'applied',
      verified: true,
      results: [
        {
          status: 'reverted',
          action: 'revoke',
          groupId: DATABASE,
          rule: { ruleId: opened.SecurityGroupRuleId, peer: { value: WORLD_V4 } },
        },
      ],
    });
    expect(email).toContain('What the monitor did');
    expect(email).toContain(
      `reverted: ingress 5432/tcp from 0.0.0.0/0 on thebot-database-sg (${opened.SecurityGroupRuleId})`,
    );
    expect(metrics()).toMatchObject({ AutoReverts: 1, ChangeEventsProcessed: 1 });
    expect(metrics()).not.toHaveProperty('AutoRevertFailures');
  });

  it('enforce: a crafted event from account 999999999999 naming a local group is never read or reverted', async () => {
    const opened = openOnAws(DATABASE, 5432);
    const event = recordedIn(authorizeIngressEvent(DATABASE, 5432), '999999999999');
    const result = await handlerWith()(event);
    expect(result).toEqual({ status: 'skipped', reason: 'foreign-origin' });
    expect(ec2.calls()).toHaveLength(0);
    expect(writes()).toEqual([]);
    expect(ruleWith(DATABASE, isWorld5432)?.SecurityGroupRuleId).toBe(opened.SecurityGroupRuleId);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(metrics()).toEqual({ ForeignEvents: 1 });
  });

  it('enforce: when the alert cannot be published, the retried event publishes the same alert', async () => {
    openOnAws(DATABASE, 5432);
    const handler = handlerWith();
    sns.on(PublishCommand).rejectsOnce(new Error('SNS unavailable')).resolves({ MessageId: 'm-2' });
    await expect(handler(authorizeIngressEvent(DATABASE, 5432))).rejects.toThrow('could not publish');
    expect(ruleWith(DATABASE, isWorld5432)).toBeUndefined(); // already reverted

    await expect(handler(authorizeIngressEvent(DATABASE, 5432))).resolves.toMatchObject({
      reason: 'republished',
    });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    const second = sns.commandCalls(PublishCommand)[1]?.args[0].input;
    expect(second?.Subject).toBe(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject);
    expect(JSON.parse(JSON.parse(second?.Message ?? '{}').sqs).outcome).toMatchObject({ status: 'applied' });
  });

  it('dry-run: plans the revoke and changes nothing', async () => {
    openOnAws(DATABASE, 5432);
    await handlerWith({ AUTO_REVERT: 'dry-run' })(authorizeIngressEvent(DATABASE, 5432));

    expect(writes()).toEqual([]);
    expect(ruleWith(DATABASE, isWorld5432)).toBeDefined();
    const { alert, email } = published();
    expect(alert.outcome).toMatchObject({
      mode: 'dry-run',
      status: 'planned',
      results: [{ status: 'planned' }],
    });
    expect(email).toContain('would revoke: ingress 5432/tcp from 0.0.0.0/0');
    expect(metrics()).not.toHaveProperty('AutoReverts');
  });

  it('off (the default): no rule read, no write, no outcome in the alert', async () => {
    openOnAws(DATABASE, 5432);
    await handlerWith({ AUTO_REVERT: 'off' })(authorizeIngressEvent(DATABASE, 5432));
    expect(ec2).toHaveReceivedCommandTimes(DescribeSecurityGroupRulesCommand, 0);
    expect(writes()).toEqual([]);
    expect(published().alert.outcome).toBeNull();
  });

  it('an allowed principal (role glob) is alerted as authorized and not reverted', async () => {
    openOnAws(DATABASE, 5432);
    const handler = handlerWith({
      ALLOWED_PRINCIPALS: 'arn:aws:iam::*:role/terraform-*, arn:aws:iam::*:role/Oper*',
    });
    await handler(authorizeIngressEvent(DATABASE, 5432));

    expect(writes()).toEqual([]);
    expect(ruleWith(DATABASE, isWorld5432)).toBeDefined();
    const { alert, email } = published();
    expect(alert.severity).toBe('CRITICAL');
    expect(alert.outcome).toMatchObject({ status: 'authorized', results: [] });
    expect(email).toContain(`authorized change, not reverted (${OPERATOR_ROLE} matches ALLOWED_PRINCIPALS`);
  });

  it("the monitor's own revoke comes back from CloudTrail and produces no action", async () => {
    const opened = openOnAws(DATABASE, 5432);
    const handler = handlerWith();
    await handler(authorizeIngressEvent(DATABASE, 5432));
    ec2.resetHistory();
    sns.resetHistory();
    cloudwatch.resetHistory();

    const result = await handler(ownRevokeEvent(DATABASE, opened.SecurityGroupRuleId as string));
    expect(result).toEqual({ status: 'skipped', reason: 'own-change' });
    expect(ec2.calls()).toHaveLength(0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('a blast-radius breach changes nothing and sends a CRITICAL "revert refused" alert', async () => {
    openOnAws(BACKEND, 22);
    openOnAws(BACKEND, 8000);
    const event = authorizeIngressEvent(BACKEND, 22);
    const second = structuredClone(event.detail.requestParameters.ipPermissions.items[0]);
    second.fromPort = 8000;
    second.toPort = 8000;
    event.detail.requestParameters.ipPermissions.items.push(second);
    await handlerWith({ MAX_REVERT_RULES: '1' })(event);

    expect(writes()).toEqual([]);
    expect(fake.rulesOf(BACKEND).filter((rule) => !rule.IsEgress && rule.CidrIpv4 === WORLD_V4)).toHaveLength(
      2,
    );
    const { input, alert } = published();
    expect(input?.Subject).toMatch(/^CRITICAL REVERT REFUSED production thebot-backend-sg: /);
    expect(input?.MessageAttributes?.severity?.StringValue).toBe('CRITICAL');
    expect(alert.outcome).toMatchObject({
      status: 'refused',
      summary: 'revert refused: 2 rule changes exceed MAX_REVERT_RULES=1; nothing was changed',
    });
    expect(alert.outcome.results.map((result: { status: string }) => result.status)).toEqual([
      'skipped',
      'skipped',
    ]);
    expect(metrics()).toMatchObject({ AutoRevertRefused: 1 });
  });

  it('an unexpired exception is respected: no finding, no revert', async () => {
    openOnAws(DATABASE, 5432, CONTRACTOR_IP);
    const handler = handlerWith({}, (runtime) =>
      runtime.baseline.exceptions.push(contractorException(new Date(Date.now() + 7 * DAY_MS))),
    );
    const result = await handler(authorizeIngressEvent(DATABASE, 5432, CONTRACTOR_IP));

    expect(result).toMatchObject({ status: 'evaluated', alerted: false, revert: null });
    expect(writes()).toEqual([]);
    expect(ruleWith(DATABASE, (rule) => rule.CidrIpv4 === CONTRACTOR_IP)).toBeDefined();
  });

  it('an expired exception is a finding and its rule is reverted', async () => {
    const opened = openOnAws(DATABASE, 5432, CONTRACTOR_IP);
    const handler = handlerWith({}, (runtime) =>
      runtime.baseline.exceptions.push(contractorException(new Date(Date.now() - DAY_MS))),
    );
    await handler(authorizeIngressEvent(DATABASE, 5432, CONTRACTOR_IP));

    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: DATABASE,
      SecurityGroupRuleIds: [opened.SecurityGroupRuleId as string],
    });
    const { alert } = published();
    expect(alert.findings.map((finding: { check: string }) => finding.check)).toContain('expired-exceptions');
    expect(alert.outcome.results[0]).toMatchObject({
      status: 'reverted',
      checks: expect.arrayContaining(['expired-exceptions', 'unexpected-rules']),
    });
  });

  it('restores a revoked baseline rule with the baseline description', async () => {
    fake.revoke(false, {
      GroupId: REDIS,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: BASTION }] },
      ],
    });
    await handlerWith()(revokeIngressFromGroupEvent(REDIS, 6379, BASTION));

    expect(ec2).toHaveReceivedCommandWith(AuthorizeSecurityGroupIngressCommand, {
      GroupId: REDIS,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 6379,
          ToPort: 6379,
          UserIdGroupPairs: [
            { GroupId: BASTION, Description: expect.stringContaining('(redis_from_bastion)') },
          ],
        },
      ],
    });
    expect(auditNow().findings.filter((finding) => finding.groupId === REDIS)).toEqual([]);
    expect(published().alert.outcome.results).toMatchObject([
      { status: 'restored', action: 'restore', baselineRuleId: 'redis_from_bastion' },
    ]);
    expect(metrics()).toMatchObject({ AutoReverts: 1 });
  });

  it('RESTORE_MISSING=false: the removed baseline rule is reported, not restored', async () => {
    fake.revoke(false, {
      GroupId: REDIS,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: BASTION }] },
      ],
    });
    await handlerWith({ RESTORE_MISSING: 'false' })(revokeIngressFromGroupEvent(REDIS, 6379, BASTION));
    expect(writes()).toEqual([]);
    expect(published().alert.outcome.results).toMatchObject([
      { status: 'skipped', reason: 'RESTORE_MISSING is off' },
    ]);
  });

  it('ModifySecurityGroupRules round trip: the modified rule is revoked and the baseline rule restored', async () => {
    const baselineRule = ruleWith(
      DATABASE,
      (rule) => rule.FromPort === 5432 && rule.ReferencedGroupInfo?.GroupId === BACKEND,
    ) as SecurityGroupRule;
    const ruleId = baselineRule.SecurityGroupRuleId as string;
    const modify = {
      GroupId: DATABASE,
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: ruleId,
          SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: WORLD_V4 },
        },
      ],
    };
    fake.modify(modify);
    await handlerWith()(modifyEvent(DATABASE, ruleId, 5432, WORLD_V4));

    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: DATABASE,
      SecurityGroupRuleIds: [ruleId],
    });
    expect(ec2).toHaveReceivedCommandWith(AuthorizeSecurityGroupIngressCommand, {
      GroupId: DATABASE,
      IpPermissions: [
        expect.objectContaining({
          FromPort: 5432,
          UserIdGroupPairs: [
            { GroupId: BACKEND, Description: expect.stringContaining('(database_from_backend)') },
          ],
        }),
      ],
    });
    expect(ruleWith(DATABASE, isWorld5432)).toBeUndefined();
    expect(auditNow().findings.filter((finding) => finding.groupId === DATABASE)).toEqual([]);
    const statuses = published().alert.outcome.results.map((result: { status: string }) => result.status);
    expect(statuses).toEqual(['reverted', 'restored']);
  });

  it('a group that maps to no baseline role is not touched', async () => {
    openOnAws(DEFAULT_GROUP, 22);
    await handlerWith()(authorizeIngressEvent(DEFAULT_GROUP, 22));
    expect(writes()).toEqual([]);
    const { alert } = published();
    expect(alert.outcome.status).toBe('nothing-to-do');
    expect(alert.outcome.results.every((result: { status: string }) => result.status === 'skipped')).toBe(
      true,
    );
  });

  it('a role that opts out (autoRevert: false) is alerted, not reverted', async () => {
    openOnAws(DATABASE, 5432);
    const handler = handlerWith({}, (runtime) => {
      const database = runtime.baseline.roles.find((role: { role: string }) => role.role === 'database');
      database.autoRevert = false;
    });
    await handler(authorizeIngressEvent(DATABASE, 5432));
    expect(writes()).toEqual([]);
    expect(published().alert.outcome.results[0]).toMatchObject({
      status: 'skipped',
      reason: 'role database opts out of auto-revert (autoRevert: false)',
    });
  });

  it('a failed revoke is reported with its AWS error, the rest of the plan goes on, and it is counted', async () => {
    openOnAws(BACKEND, 22);
    openOnAws(BACKEND, 8000);
    const event = authorizeIngressEvent(BACKEND, 22);
    const second = structuredClone(event.detail.requestParameters.ipPermissions.items[0]);
    second.fromPort = 8000;
    second.toPort = 8000;
    event.detail.requestParameters.ipPermissions.items.push(second);
    let calls = 0;
    ec2.on(RevokeSecurityGroupIngressCommand).callsFake((input) => {
      calls += 1;
      if (calls === 1)
        throw new AwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
      return fake.revoke(false, input);
    });
    await handlerWith()(event);

    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
    const results = published().alert.outcome.results;
    expect(results.map((result: { status: string }) => result.status).sort()).toEqual(['failed', 'reverted']);
    expect(results.find((result: { status: string }) => result.status === 'failed').error).toEqual({
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    });
    expect(published().alert.outcome.verified).toBe(false);
    expect(metrics()).toMatchObject({ AutoReverts: 1, AutoRevertFailures: 1 });
  });

  it('a rule removed by someone else between the two reads is reported as already gone, without a revoke', async () => {
    const opened = openOnAws(DATABASE, 5432);
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake((input) => {
      fake.revoke(false, { GroupId: DATABASE, SecurityGroupRuleIds: [opened.SecurityGroupRuleId as string] });
      return fake.describeSecurityGroupRules(input);
    });
    await handlerWith()(authorizeIngressEvent(DATABASE, 5432));
    expect(writes()).toEqual([]);
    expect(published().alert.outcome).toMatchObject({
      status: 'nothing-to-do',
      results: [{ status: 'already-gone', reason: 'not on the group any more' }],
    });
  });

  it('a revert that cannot start (rule read denied) still alerts, says so, and is counted', async () => {
    openOnAws(DATABASE, 5432);
    ec2.on(DescribeSecurityGroupRulesCommand).rejects(new AwsError('UnauthorizedOperation', 'denied'));
    await handlerWith()(authorizeIngressEvent(DATABASE, 5432));
    expect(writes()).toEqual([]);
    expect(published().alert.outcome).toMatchObject({
      status: 'error',
      summary: 'not reverted, nothing changed by the monitor: UnauthorizedOperation: denied',
    });
    expect(metrics()).toMatchObject({ AutoRevertFailures: 1 });
  });

  it('enforce: EC2 throttling every revoke, the alert is still published before the function times out', async () => {
    const event = authorizeIngressEvent(DATABASE, 5432);
    const ranges = event.detail.requestParameters.ipPermissions.items[0].ipRanges.items;
    for (const cidr of ['198.51.100.0/24', '203.0.113.0/24']) ranges.push({ cidrIp: cidr });
    for (const cidr of [WORLD_V4, '198.51.100.0/24', '203.0.113.0/24']) openOnAws(DATABASE, 5432, cidr);
    // Each throttled revoke costs THROTTLED_CALL_MS (the mock, unlike the SDK, ignores the abort signal).
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .callsFake(
        () =>
          new Promise((_, reject) =>
            setTimeout(
              () => reject(new AwsError('RequestLimitExceeded', 'Request limit exceeded.')),
              THROTTLED_CALL_MS,
            ),
          ),
      );
    // A function timeout that leaves the revert half a second after the alert's reserve.
    const started = Date.now();
    const timeoutMs = ALERT_RESERVE_MS + 500;
    const context = { getRemainingTimeInMillis: () => started + timeoutMs - Date.now() };
    let publishedAfterMs = Number.POSITIVE_INFINITY;
    sns.on(PublishCommand).callsFake(async () => {
      publishedAfterMs = Date.now() - started;
      return { MessageId: 'm-1' };
    });

    const result = await handlerWith()(event, context);

    expect(result).toMatchObject({ status: 'evaluated', alerted: true, revert: 'incomplete' });
    expect(publishedAfterMs).toBeLessThan(timeoutMs);
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    const { alert, email } = published();
    expect(alert.outcome).toMatchObject({
      status: 'incomplete',
      summary:
        'revert incomplete: time budget: reverted 0, restored 0, already settled 0, failed 0, not done 3',
      verified: null,
    });
    // The first revoke outlived the budget (cut off: EC2 may or may not have acted); the others never started.
    expect(
      alert.outcome.results.map((entry: AnyEvent) => [entry.status, entry.reason, entry.error?.code ?? null]),
    ).toEqual([
      ['not-done', 'revert incomplete: time budget', 'RequestLimitExceeded'],
      ['not-done', 'revert incomplete: time budget', null],
      ['not-done', 'revert incomplete: time budget', null],
    ]);
    expect(email).toContain('auto-revert (enforce): revert incomplete: time budget');
    expect(metrics()).toMatchObject({ AutoRevertIncomplete: 3 });
    expect(metrics()).not.toHaveProperty('AutoRevertFailures');
  });

  it('a description-only update is alerted, never reverted', async () => {
    const event = recordedIn(fixture('AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json'));
    event.detail.eventName = 'UpdateSecurityGroupRuleDescriptionsIngress';
    event.detail.requestParameters = {
      groupId: DATABASE,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            groups: { items: [{ groupId: BACKEND, description: '' }] },
          },
        ],
      },
    };
    const rule = ruleWith(DATABASE, (candidate) => candidate.ReferencedGroupInfo?.GroupId === BACKEND);
    if (rule) rule.Description = undefined;
    await handlerWith()(event);
    expect(writes()).toEqual([]);
    expect(published().alert.outcome).toMatchObject({ status: 'not-revertible' });
  });
});
