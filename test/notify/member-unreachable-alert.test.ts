import type { ChangeEvent } from '../../src/events/types';
import { buildMemberUnreachableAlert } from '../../src/notify/member-unreachable-alert';
import { slackMessageFor } from '../../src/notify/slack-blocks';
import { snsMessageBody } from '../../src/notify/sns-message';
import { FORGED_VERDICT, forgedVerdicts, HOSTILE, rawUnsafe } from '../support/hostile-text';

const ACCOUNT = { id: '333333333333', name: 'Development Account', region: 'eu-west-1' };
const ROLE_ARN = 'arn:aws:iam::333333333333:role/SgDriftMemberRole';

function eventBy(sessionName: string, groupName = 'db'): ChangeEvent {
  return {
    eventId: 'evt-1',
    eventName: 'AuthorizeSecurityGroupIngress',
    eventTime: '2026-11-28T10:00:00Z',
    region: 'eu-west-1',
    account: ACCOUNT.id,
    actor: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::333333333333:assumed-role/Admin/${sessionName}`,
      principalArn: 'arn:aws:iam::333333333333:role/Admin',
      accountId: ACCOUNT.id,
      userName: 'Admin',
      sessionName,
      invokedBy: null,
      sourceIp: '198.51.100.23',
      userAgent: sessionName,
      viaConsole: false,
    },
    groupIds: ['sg-0a1b2c3d4e5f60004'],
    groupNames: [groupName],
    changes: [
      {
        action: 'added',
        groupId: 'sg-0a1b2c3d4e5f60004',
        direction: 'ingress',
        ruleId: null,
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          peer: { kind: 'cidr4', value: '0.0.0.0/0' },
          description: sessionName,
        },
      },
    ],
  };
}

const build = (event: ChangeEvent, message = 'User is not authorized to perform: sts:AssumeRole') =>
  buildMemberUnreachableAlert({
    environment: 'staging',
    event,
    account: ACCOUNT,
    roleArn: ROLE_ARN,
    error: { code: 'AccessDenied', message },
    detectedAt: new Date('2026-11-28T10:00:05Z'),
  });

describe('notify: the "not checked" alert of a member account whose role cannot be used', () => {
  it('names the account, the role, the change as CloudTrail reports it, and that nothing was done', () => {
    const alert = build(eventBy('alice'));
    expect(alert.subject).toBe(
      'HIGH staging 333333333333 (Development Account) eu-west-1: not checked, member role unusable: Au...',
    );
    expect(alert.text).toContain(`the member role ${ROLE_ARN} could not be used (AccessDenied)`);
    expect(alert.text).toContain('5432/tcp');
    expect(alert.text).toContain('0.0.0.0/0');
    expect(alert.text).toContain('Nothing was checked or reverted');
    expect(alert.attributes).toEqual({
      kind: 'member-unreachable',
      severity: 'HIGH',
      environment: 'staging',
      eventName: 'AuthorizeSecurityGroupIngress',
      account: ACCOUNT.id,
    });
  });

  it('an attachment event names the instance and the groups it was given', () => {
    const event = {
      ...eventBy('alice'),
      eventName: 'ModifyInstanceAttribute',
      changes: [],
      attachments: [
        { interfaceId: null, instanceId: 'i-0a1b2c3d4e5f60099', groupIds: ['sg-0a1b2c3d4e5f60004'] },
      ],
    };
    expect(build(event).text).toContain('  i-0a1b2c3d4e5f60099 carries sg-0a1b2c3d4e5f60004');
  });

  it('hostile session names, descriptions, group names and error text reach no line raw, in email or Slack', () => {
    const alert = build(eventBy(`${HOSTILE}<!channel>`, HOSTILE), HOSTILE);
    const slack = slackMessageFor(JSON.parse(snsMessageBody(alert)).lambda).text;
    for (const output of [alert.text, slack, alert.subject]) {
      expect(rawUnsafe(output.replaceAll('\n', ''))).toEqual([]);
      expect(forgedVerdicts(output)).toEqual([]);
    }
    expect(alert.text).toContain(FORGED_VERDICT.slice(0, 10));
    expect(slack).not.toContain('<!');
    // People's text, not the JSON the Slack function receives.
    expect(slack.startsWith('HIGH: a security group change in staging could not be checked')).toBe(true);
  });
});
