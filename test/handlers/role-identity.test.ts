/**
 * Issue 9 item 1 on the real-time path (AUTO_REVERT=enforce): a lookalike group never takes a
 * role, so a revert never grants it access; a role whose group changes is alerted, never switched
 * silently.
 */
import 'aws-sdk-client-mock-jest';
import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { changeHandlers } from '../support/change-handler';
import type { Ec2Fake } from '../support/ec2-fake';
import { bareGroup, EXAMPLES_VPC, OTHER_VPC } from '../support/estates';
import { type AnyEvent, authorizeIngressEvent, fixture, recordedIn } from '../support/events';
import { mockedAws, resetAws } from '../support/mocked-aws';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const BASTION = 'sg-0a1b2c3d4e5f60001';
const BACKEND = 'sg-0a1b2c3d4e5f60003';
const DATABASE = 'sg-0a1b2c3d4e5f60004';
/** Lower than every real group id: the old resolver picked it for the bastion role. */
const LOOKALIKE = 'sg-00000000000000001';
const RECREATED_DATABASE = 'sg-0fffffffffffffff4';

const ENV = {
  ENVIRONMENT: 'production',
  ALERT_TOPIC_ARN: TOPIC,
  SELF_ROLE_ARN: 'arn:aws:iam::123456789012:role/sg-drift-monitor-change',
  LOG_LEVEL: 'error',
  AUTO_REVERT: 'enforce',
};
const { handlerWith } = changeHandlers(ENV);

const aws = mockedAws();
const { ec2, sns } = aws;
let fake: Ec2Fake;

beforeEach(() => {
  fake = resetAws(aws);
});

const newHandler = () => handlerWith();

/** The real Terraform CreateSecurityGroup event, for a group with this id and name. */
function createGroupEvent(groupId: string, groupName: string, eventId: string): AnyEvent {
  const event = fixture('CreateSecurityGroup/panther-terraform.json');
  event.detail.requestParameters = { groupName, groupDescription: 'x', vpcId: OTHER_VPC };
  event.detail.responseElements.groupId = groupId;
  event.detail.eventID = eventId;
  return recordedIn(event);
}

/** A revoke by rule id (the event does not say which rule): every missing rule of the group is related. */
function revokeByIdEvent(groupId: string, ruleId: string): AnyEvent {
  const event = fixture('RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json');
  event.detail.requestParameters = {
    groupId,
    securityGroupRuleIds: { items: [{ securityGroupRuleId: ruleId }] },
  };
  delete event.detail.responseElements.revokedSecurityGroupRuleSet;
  event.detail.eventID = 'evt-revoke-by-id';
  return recordedIn(event);
}

function alerts(): Array<{ subject: string; email: string; alert: AnyEvent }> {
  return sns.commandCalls(PublishCommand).map((call) => {
    const body = JSON.parse(call.args[0].input.Message ?? '{}');
    return { subject: call.args[0].input.Subject ?? '', email: body.email, alert: JSON.parse(body.sqs) };
  });
}

const grantsTo = (groupId: string) =>
  ec2
    .commandCalls(AuthorizeSecurityGroupIngressCommand)
    .filter((call) => JSON.stringify(call.args[0].input).includes(groupId));

describe('handler: a lookalike group on the real-time path', () => {
  it('alerts CRITICAL when a lookalike of the bastion is created, naming both groups', async () => {
    const handler = newHandler();
    fake.addGroup(bareGroup(LOOKALIKE, 'thebot-bastion-sg', OTHER_VPC));
    const result = await handler(createGroupEvent(LOOKALIKE, 'thebot-bastion-sg', 'evt-create-lookalike'));
    expect(result).toMatchObject({ status: 'evaluated', severity: 'CRITICAL', alerted: true });
    const [{ email, alert }] = alerts() as [ReturnType<typeof alerts>[number]];
    expect(alert.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ check: 'ambiguous-roles', role: 'bastion' })]),
    );
    expect(email).toContain(LOOKALIKE);
    expect(email).toContain(BASTION);
  });

  it('enforce never grants a lookalike the real bastion access when a database rule is revoked', async () => {
    fake.addGroup(bareGroup(LOOKALIKE, 'thebot-bastion-sg', EXAMPLES_VPC));
    const fromBackend = fake
      .rulesOf(DATABASE)
      .find((rule) => rule.ReferencedGroupInfo?.GroupId === BACKEND && rule.FromPort === 5432);
    if (!fromBackend?.SecurityGroupRuleId) throw new Error('test setup: no 5432-from-backend rule');
    fake.groups.get(DATABASE)?.rules.splice(fake.rulesOf(DATABASE).indexOf(fromBackend), 1);

    const result = await newHandler()(revokeByIdEvent(DATABASE, fromBackend.SecurityGroupRuleId));
    expect(result).toMatchObject({ status: 'evaluated', alerted: true });
    expect(grantsTo(LOOKALIKE)).toEqual([]);
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    // The backend rule the event removed is restored: its peer's identity is not in doubt.
    expect(grantsTo(BACKEND)).toHaveLength(1);
  });
});

describe('handler: a role whose group changes', () => {
  it('is alerted once, and the new group stays untrusted: no later revert touches it', async () => {
    const handler = newHandler();
    await handler(createGroupEvent('sg-0aaaaaaaaaaaaaaa9', 'unrelated-sg', 'evt-warm-up'));
    const original = fake.groups.get(DATABASE);
    if (!original) throw new Error('test setup: no database group');
    fake.groups.delete(DATABASE);
    fake.groups.set(RECREATED_DATABASE, {
      meta: { ...original.meta, GroupId: RECREATED_DATABASE },
      rules: original.rules.map((rule) => ({ ...rule, GroupId: RECREATED_DATABASE })),
    });
    sns.resetHistory();

    const first = await handler(createGroupEvent(RECREATED_DATABASE, 'thebot-database-sg', 'evt-recreate'));
    expect(first).toMatchObject({ status: 'evaluated', severity: 'CRITICAL', alerted: true });
    const [{ alert }] = alerts() as [ReturnType<typeof alerts>[number]];
    const switched = alert.findings.find((finding: AnyEvent) => finding.check === 'ambiguous-roles');
    expect(switched.message).toContain(`now resolves to thebot-database-sg (${RECREATED_DATABASE})`);
    expect(switched.message).toContain(DATABASE);
    expect(ec2).not.toHaveReceivedCommand(AuthorizeSecurityGroupIngressCommand);

    sns.resetHistory();
    await handler(createGroupEvent('sg-0aaaaaaaaaaaaaaa8', 'another-unrelated-sg', 'evt-after'));
    for (const { alert: later } of alerts())
      expect(later.findings.map((finding: AnyEvent) => finding.check)).not.toContain('ambiguous-roles');

    // A later change on the new group: alerted, but auto-revert does not act on an unconfirmed group.
    sns.resetHistory();
    fake.authorize(false, {
      GroupId: RECREATED_DATABASE,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    });
    await handler(authorizeIngressEvent(RECREATED_DATABASE, 5432, '0.0.0.0/0', 'evt-open-later'));
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    const [{ alert: later }] = alerts() as [ReturnType<typeof alerts>[number]];
    expect(JSON.stringify(later.outcome)).toContain('ambiguous or changed group');
  });
});
