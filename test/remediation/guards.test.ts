import type { ChangeEvent } from '../../src/events/types';
import { revertGate } from '../../src/remediation/guards';

const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/terraform-deploy';

function event(eventName: string, principalArn = 'arn:aws:iam::123456789012:user/alice'): ChangeEvent {
  return {
    eventId: 'evt-1',
    eventName,
    eventTime: '2026-01-01T00:00:00Z',
    region: 'eu-west-1',
    account: '123456789012',
    actor: {
      type: 'IAMUser',
      arn: principalArn,
      principalArn,
      accountId: '123456789012',
      userName: 'alice',
      sessionName: null,
      invokedBy: null,
      sourceIp: null,
      userAgent: null,
      viaConsole: false,
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

  it('marks a change by an allowed principal as authorized', () => {
    expect(
      revertGate(event('AuthorizeSecurityGroupIngress', DEPLOY_ROLE), ['arn:aws:iam::*:role/terraform-*']),
    ).toEqual({
      status: 'authorized',
      summary: `authorized change, not reverted (${DEPLOY_ROLE} matches ALLOWED_PRINCIPALS arn:aws:iam::*:role/terraform-*)`,
    });
  });
});
