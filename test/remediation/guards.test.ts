import type { ChangeEvent } from '../../src/events/types';
import { revertGate } from '../../src/remediation/guards';

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/terraform-deploy';
const ALICE = 'arn:aws:iam::123456789012:user/alice';
// The session name is the caller's choice; the summary must name the role, never the session.
const DEPLOY_SESSION = 'arn:aws:sts::123456789012:assumed-role/terraform-deploy/Overall-Compliance=COMPLIANT';

function event(eventName: string, actor: Partial<ChangeEvent['actor']> = {}): ChangeEvent {
  return {
    eventId: 'evt-1',
    eventName,
    eventTime: '2026-01-01T00:00:00Z',
    region: 'eu-west-1',
    account: '123456789012',
    actor: {
      type: 'IAMUser',
      arn: ALICE,
      principalArn: ALICE,
      accountId: '123456789012',
      userName: 'alice',
      sessionName: null,
      invokedBy: null,
      sourceIp: null,
      userAgent: null,
      viaConsole: false,
      ...actor,
    },
    groupIds: ['sg-1'],
    groupNames: [],
    changes: [],
  };
}

describe('remediation: revertGate', () => {
  it.each([
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'ModifySecurityGroupRules',
  ])('lets %s through', (name) => {
    expect(revertGate(event(name), [])).toBeNull();
  });

  it.each([
    ['CreateSecurityGroup', 'not reverted: group creation is only alerted'],
    ['DeleteSecurityGroup', 'not reverted: group deletion is only alerted'],
    ['UpdateSecurityGroupRuleDescriptionsIngress', 'not reverted: description-only updates are only alerted'],
    ['UpdateSecurityGroupRuleDescriptionsEgress', 'not reverted: description-only updates are only alerted'],
  ])('only alerts %s', (name, summary) => {
    expect(revertGate(event(name), [])).toEqual({ status: 'not-revertible', summary });
  });

  it('marks a change by an allowed principal as authorized, naming the role and not the session', () => {
    const session = { type: 'AssumedRole', arn: DEPLOY_SESSION, principalArn: DEPLOY_ROLE };
    expect(
      revertGate(event('AuthorizeSecurityGroupIngress', session), ['arn:aws:iam::*:role/terraform-*']),
    ).toEqual({
      status: 'authorized',
      summary: `authorized change, not reverted (${DEPLOY_ROLE} matches ALLOWED_PRINCIPALS arn:aws:iam::*:role/terraform-*)`,
    });
  });

  it('names the role derived from the session ARN when CloudTrail gives no issuer', () => {
    const session = { type: 'AssumedRole', arn: DEPLOY_SESSION, principalArn: DEPLOY_SESSION };
    const refusal = revertGate(event('AuthorizeSecurityGroupIngress', session), [
      'arn:aws:iam::*:role/terraform-*',
    ]);
    expect(refusal?.summary).toBe(
      `authorized change, not reverted (${DEPLOY_ROLE} matches ALLOWED_PRINCIPALS arn:aws:iam::*:role/terraform-*)`,
    );
  });
});
