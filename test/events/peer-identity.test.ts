// Variants of real events (test/fixtures/cloudtrail) whose peers are groups of another account or
// across a VPC peering connection: CloudTrail spells them like the API's UserIdGroupPair, in camelCase.
import { parseSecurityGroupEvent } from '../../src/events/parse';
import type { ChangeEvent, ParseOutcome } from '../../src/events/types';
import { loadEvent } from './load-event';

const SDK_INGRESS = 'AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json';
const SDK_ACCOUNT = '112233445566';
const REVOKE_INGRESS = 'RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json';
const WATCHER_ACCOUNT = '000000000000';

function changeEvent(outcome: ParseOutcome): ChangeEvent {
  if (outcome.kind !== 'change') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

function requestWithGroups(pairs: unknown[]) {
  const event = loadEvent(SDK_INGRESS);
  event.detail.requestParameters.ipPermissions.items[0] = {
    ipProtocol: 'tcp',
    fromPort: 7001,
    toPort: 7001,
    groups: { items: pairs },
  };
  return event;
}

describe('events: peer groups keep their identity', () => {
  it('keeps the account and name of a group of another account from the request', () => {
    const event = requestWithGroups([
      { groupId: 'sg-843f59ed', groupName: 'amazon-elb-sg', userId: 'amazon-elb' },
    ]);
    expect(changeEvent(parseSecurityGroupEvent(event)).changes[0]?.rule?.peer).toEqual({
      kind: 'group',
      value: 'sg-843f59ed',
      account: 'amazon-elb',
      groupName: 'amazon-elb-sg',
    });
  });

  it('keeps the VPC, peering connection and status of a peered group; drops the own account', () => {
    const event = requestWithGroups([
      {
        groupId: 'sg-e9843198',
        userId: SDK_ACCOUNT,
        vpcId: 'vpc-2f09a348',
        vpcPeeringConnectionId: 'pcx-0a5e2a63',
        peeringStatus: 'active',
      },
    ]);
    expect(changeEvent(parseSecurityGroupEvent(event)).changes[0]?.rule?.peer).toStrictEqual({
      kind: 'group',
      value: 'sg-e9843198',
      vpcId: 'vpc-2f09a348',
      peeringId: 'pcx-0a5e2a63',
      peeringStatus: 'active',
    });
  });

  it('keeps referencedGroupInfo of the response rule set, the group owner left out', () => {
    const event = loadEvent(REVOKE_INGRESS);
    const [item] = event.detail.responseElements.revokedSecurityGroupRuleSet.items;
    delete item.cidrIpv4;
    item.groupOwnerId = WATCHER_ACCOUNT;
    item.referencedGroupInfo = {
      groupId: 'sg-279ab042',
      userId: WATCHER_ACCOUNT,
      vpcId: 'vpc-7a20e51f',
      vpcPeeringConnectionId: 'pcx-b04deed9',
      peeringStatus: 'deleted',
    };
    expect(changeEvent(parseSecurityGroupEvent(event)).changes[0]?.rule?.peer).toStrictEqual({
      kind: 'group',
      value: 'sg-279ab042',
      vpcId: 'vpc-7a20e51f',
      peeringId: 'pcx-b04deed9',
      peeringStatus: 'deleted',
    });
  });

  it('keeps the owner of a legacy flat source group (sourceSecurityGroupOwnerId)', () => {
    const event = loadEvent(SDK_INGRESS);
    const params = event.detail.requestParameters;
    delete params.ipPermissions;
    params.sourceSecurityGroupName = 'amazon-elb-sg';
    params.sourceSecurityGroupOwnerId = 'amazon-elb';
    expect(changeEvent(parseSecurityGroupEvent(event)).changes[0]?.rule?.peer).toStrictEqual({
      kind: 'group',
      value: 'amazon-elb-sg',
      account: 'amazon-elb',
    });
  });
});
