// Hand-made variants: each starts from a real fixture and edits a copy in code, because no real
// sample of these shapes was found (see test/fixtures/cloudtrail/SOURCES.md, "Coverage gaps").

import { parseSecurityGroupEvent } from '../../src/events/parse';
import type { ChangeEvent, ParseOutcome } from '../../src/events/types';
import type { Peer } from '../../src/model/types';
import { loadEvent } from './load-event';

const WORLD_V4 = '0.0.0.0/0';
const OFFICE_CIDR = '203.0.113.0/24';
const DOC_V6 = '2001:db8::/32';
const S3_PREFIX_LIST = 'pl-6da54004';
const BACKEND_SG = 'sg-0b2c3d4e5f6a7b8c9';

const SDK_INGRESS = 'AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json';
const SDK_INGRESS_GROUP = 'sg-0d921df5d84f7270a';
const REVOKE_INGRESS = 'RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json';
const WATCHER_GROUP = 'sg-0e79c7acdf4a0225e';
const MODIFY = 'ModifySecurityGroupRules/cloudtrail-watcher-console-modify-cidr-port.json';
const DELETE = 'DeleteSecurityGroup/aws-spotlight-eks-service-role.json';

const cidr4 = (value: string): Peer => ({ kind: 'cidr4', value });

function changeEvent(outcome: ParseOutcome): ChangeEvent {
  if (outcome.kind !== 'change') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

describe('events: hand-made variants of real events', () => {
  it('failed call (errorCode) → skipped as failed-call with the code', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.errorCode = 'Client.UnauthorizedOperation';
    event.detail.errorMessage = 'You are not authorized to perform this operation.';
    event.detail.responseElements = null;

    expect(parseSecurityGroupEvent(event)).toEqual({
      kind: 'skipped',
      reason: 'failed-call',
      eventId: '42155429-7e8e-43b5-9b5e-6953f80d51d5',
      eventName: 'AuthorizeSecurityGroupIngress',
      errorCode: 'Client.UnauthorizedOperation',
    });
  });

  it('failed call on a duplicate rule is skipped too', () => {
    const event = loadEvent(REVOKE_INGRESS);
    event.detail.errorCode = 'Client.InvalidPermission.Duplicate';

    expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'skipped', reason: 'failed-call' });
  });

  it('groupName only (default VPC) → the name in groupNames, no group id on the change', () => {
    const event = loadEvent(SDK_INGRESS);
    delete event.detail.requestParameters.groupId;
    event.detail.requestParameters.groupName = 'launch-wizard-1';

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.groupIds).toEqual([]);
    expect(parsed.groupNames).toEqual(['launch-wizard-1']);
    expect(parsed.changes).toEqual([
      {
        action: 'added',
        groupId: null,
        groupName: 'launch-wizard-1',
        direction: 'ingress',
        rule: { direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, peer: cidr4(WORLD_V4) },
        ruleId: null,
      },
    ]);
  });

  it('a group id wins over a group name given with it', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.requestParameters.groupName = 'launch-wizard-1';

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.groupIds).toEqual([SDK_INGRESS_GROUP]);
    expect(parsed.groupNames).toEqual([]);
  });

  it('legacy flat form with a CIDR, string ports and padding → one canonical rule', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.requestParameters = {
      groupId: SDK_INGRESS_GROUP,
      ipProtocol: '6',
      fromPort: '5432',
      toPort: '5432',
      cidrIp: ` ${WORLD_V4} `,
    };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'added',
        groupId: SDK_INGRESS_GROUP,
        direction: 'ingress',
        rule: { direction: 'ingress', protocol: 'tcp', fromPort: 5432, toPort: 5432, peer: cidr4(WORLD_V4) },
        ruleId: null,
      },
    ]);
  });

  it('legacy flat form with a source group name → all traffic from that group (by name)', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.requestParameters = {
      groupName: 'default',
      sourceSecurityGroupName: 'web',
      sourceSecurityGroupOwnerId: '112233445566',
    };

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.groupNames).toEqual(['default']);
    expect(parsed.changes.map((change) => change.rule)).toEqual([
      {
        direction: 'ingress',
        protocol: 'all',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'group', value: 'web' },
      },
    ]);
  });

  it('revoke by securityGroupRuleIds only → removed changes carrying just the rule ids', () => {
    const event = loadEvent(REVOKE_INGRESS);
    event.detail.requestParameters = {
      groupId: WATCHER_GROUP,
      securityGroupRuleIds: {
        items: [
          { securityGroupRuleId: 'sgr-0ab4202bcd11d93d2' },
          { securityGroupRuleId: 'sgr-0123456789abcdef0' },
        ],
      },
    };
    delete event.detail.responseElements.revokedSecurityGroupRuleSet;

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'removed',
        groupId: WATCHER_GROUP,
        direction: 'ingress',
        rule: null,
        ruleId: 'sgr-0ab4202bcd11d93d2',
      },
      {
        action: 'removed',
        groupId: WATCHER_GROUP,
        direction: 'ingress',
        rule: null,
        ruleId: 'sgr-0123456789abcdef0',
      },
    ]);
  });

  it('revoke by rule ids as a plain string list is read the same way', () => {
    const event = loadEvent(REVOKE_INGRESS);
    event.detail.requestParameters = {
      groupId: WATCHER_GROUP,
      securityGroupRuleIds: ['sgr-0ab4202bcd11d93d2'],
    };
    delete event.detail.responseElements.revokedSecurityGroupRuleSet;

    expect(changeEvent(parseSecurityGroupEvent(event)).changes.map((change) => change.ruleId)).toEqual([
      'sgr-0ab4202bcd11d93d2',
    ]);
  });

  it('revoke by rule ids with the revoked rule set in the response → the full rules from the response', () => {
    const event = loadEvent(REVOKE_INGRESS);
    event.detail.requestParameters = {
      groupId: WATCHER_GROUP,
      securityGroupRuleIds: { items: [{ securityGroupRuleId: 'sgr-0ab4202bcd11d93d2' }] },
    };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'removed',
        groupId: WATCHER_GROUP,
        direction: 'ingress',
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: cidr4(WORLD_V4),
          ruleId: 'sgr-0ab4202bcd11d93d2',
        },
        ruleId: 'sgr-0ab4202bcd11d93d2',
      },
    ]);
  });

  it('unknownIpPermissionSet: a revoked rule that did not exist is not a change', () => {
    const event = loadEvent(REVOKE_INGRESS);
    const officePermission = {
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      ipRanges: { items: [{ cidrIp: OFFICE_CIDR }] },
    };
    event.detail.requestParameters.ipPermissions.items.push(officePermission);
    delete event.detail.responseElements.revokedSecurityGroupRuleSet;
    event.detail.responseElements.unknownIpPermissionSet = { items: [officePermission] };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'removed',
        groupId: WATCHER_GROUP,
        direction: 'ingress',
        rule: { direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, peer: cidr4(WORLD_V4) },
        ruleId: null,
      },
    ]);
  });

  it('unknownIpPermissionSet covering the whole request → a change event with no changes', () => {
    const event = loadEvent(REVOKE_INGRESS);
    delete event.detail.responseElements.revokedSecurityGroupRuleSet;
    event.detail.responseElements.unknownIpPermissionSet = event.detail.requestParameters.ipPermissions;

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.groupIds).toEqual([WATCHER_GROUP]);
    expect(parsed.changes).toEqual([]);
  });

  it('prefix-list peer, with the rule id from the response attached', () => {
    const event = loadEvent(
      'AuthorizeSecurityGroupEgress/cloudtrail-watcher-terraform-all-traffic-rule-set.json',
    );
    event.detail.requestParameters.ipPermissions.items = [
      {
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        prefixListIds: { items: [{ prefixListId: S3_PREFIX_LIST, description: 'S3 gateway endpoint' }] },
      },
    ];
    event.detail.responseElements.securityGroupRuleSet.items = [
      {
        groupId: WATCHER_GROUP,
        securityGroupRuleId: 'sgr-0aaaabbbbccccdddd',
        isEgress: true,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        prefixListId: S3_PREFIX_LIST,
        description: 'S3 gateway endpoint',
      },
    ];

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'added',
        groupId: WATCHER_GROUP,
        direction: 'egress',
        rule: {
          direction: 'egress',
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          peer: { kind: 'prefix-list', value: S3_PREFIX_LIST },
          description: 'S3 gateway endpoint',
          ruleId: 'sgr-0aaaabbbbccccdddd',
        },
        ruleId: 'sgr-0aaaabbbbccccdddd',
      },
    ]);
  });

  it('prefix-list peer in the request alone (no rule set in the response)', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.requestParameters.ipPermissions.items[0].ipRanges = {};
    event.detail.requestParameters.ipPermissions.items[0].prefixListIds = {
      items: [{ prefixListId: S3_PREFIX_LIST }],
    };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes.map((change) => change.rule?.peer)).toEqual([
      { kind: 'prefix-list', value: S3_PREFIX_LIST },
    ]);
  });

  it('one permission with several peers → one canonical rule per peer; IPv6 lower-cased', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.requestParameters.ipPermissions.items[0] = {
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      ipRanges: { items: [{ cidrIp: OFFICE_CIDR }, { cidrIp: '10.0.0.7/16' }] },
      ipv6Ranges: { items: [{ cidrIpv6: '2001:DB8::/32' }] },
      groups: { items: [{ groupId: BACKEND_SG, userId: '112233445566' }] },
    };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes.map((change) => change.rule?.peer)).toEqual([
      cidr4(OFFICE_CIDR),
      // Host bits are cleared, as the model's canonical CIDR does.
      cidr4('10.0.0.0/16'),
      { kind: 'cidr6', value: DOC_V6 },
      { kind: 'group', value: BACKEND_SG },
    ]);
  });

  it('UpdateSecurityGroupRuleDescriptionsIngress → a described change with the new description', () => {
    const event = loadEvent('AuthorizeSecurityGroupIngress/panther-console-ssh-with-rule-description.json');
    event.detail.eventName = 'UpdateSecurityGroupRuleDescriptionsIngress';
    event.detail.requestParameters.ipPermissions.items[0].ipRanges.items[0].description =
      'SSH from the office';

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.eventName).toBe('UpdateSecurityGroupRuleDescriptionsIngress');
    expect(parsed.changes).toEqual([
      {
        action: 'described',
        groupId: 'sg-1',
        direction: 'ingress',
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: cidr4('127.0.0.1/32'),
          description: 'SSH from the office',
        },
        ruleId: null,
      },
    ]);
  });

  it('UpdateSecurityGroupRuleDescriptionsEgress by rule id → a described egress change with the id', () => {
    const event = loadEvent('AuthorizeSecurityGroupEgress/panther-terraform-all-traffic-description.json');
    event.detail.eventName = 'UpdateSecurityGroupRuleDescriptionsEgress';
    event.detail.requestParameters = {
      groupId: 'sg-03eee825d6bb78f54',
      securityGroupRuleDescriptions: {
        items: [{ securityGroupRuleId: 'sgr-0123456789abcdef0', description: 'egress via NAT' }],
      },
    };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'described',
        groupId: 'sg-03eee825d6bb78f54',
        direction: 'egress',
        rule: null,
        ruleId: 'sgr-0123456789abcdef0',
      },
    ]);
  });

  it('ModifySecurityGroupRules with an array → one modified change per rule, direction unknown', () => {
    const event = loadEvent(MODIFY);
    event.detail.requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule = [
      {
        SecurityGroupRuleId: 'sgr-0481972caed6e2e1c',
        SecurityGroupRule: {
          ReferencedGroupId: BACKEND_SG,
          FromPort: '5432',
          ToPort: '5432',
          IpProtocol: 'tcp',
        },
      },
      {
        SecurityGroupRuleId: 'sgr-0fedcba9876543210',
        SecurityGroupRule: {
          CidrIpv6: '2001:DB8::/32',
          FromPort: -1,
          ToPort: -1,
          IpProtocol: '-1',
          Description: 'all from the lab',
        },
      },
    ];

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'modified',
        groupId: 'sg-ef6e8186',
        direction: null,
        rule: {
          protocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          peer: { kind: 'group', value: BACKEND_SG },
          ruleId: 'sgr-0481972caed6e2e1c',
        },
        ruleId: 'sgr-0481972caed6e2e1c',
      },
      {
        action: 'modified',
        groupId: 'sg-ef6e8186',
        direction: null,
        rule: {
          protocol: 'all',
          fromPort: -1,
          toPort: -1,
          peer: { kind: 'cidr6', value: DOC_V6 },
          description: 'all from the lab',
          ruleId: 'sgr-0fedcba9876543210',
        },
        ruleId: 'sgr-0fedcba9876543210',
      },
    ]);
  });

  it('ModifySecurityGroupRules whose new rule is unreadable still names the rule id', () => {
    const event = loadEvent(MODIFY);
    event.detail.requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule = {
      IpProtocol: 'tcp',
    };

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toEqual([
      {
        action: 'modified',
        groupId: 'sg-ef6e8186',
        direction: null,
        rule: null,
        ruleId: 'sgr-0481972caed6e2e1c',
      },
    ]);
  });

  it('DeleteSecurityGroup by groupName only → group-deleted with the name to resolve', () => {
    const event = loadEvent(DELETE);
    event.detail.requestParameters = { groupName: 'bluegreen_alb_sg' };

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.groupIds).toEqual([]);
    expect(parsed.groupNames).toEqual(['bluegreen_alb_sg']);
    expect(parsed.changes).toEqual([
      {
        action: 'group-deleted',
        groupId: null,
        groupName: 'bluegreen_alb_sg',
        direction: null,
        rule: null,
        ruleId: null,
      },
    ]);
  });
});

describe('events: actor variants', () => {
  it('AWSService caller: no ARN, invokedBy names the service', () => {
    const event = loadEvent(DELETE);
    event.detail.userIdentity = { type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' };

    expect(changeEvent(parseSecurityGroupEvent(event)).actor).toMatchObject({
      type: 'AWSService',
      arn: null,
      principalArn: null,
      invokedBy: 'autoscaling.amazonaws.com',
      viaConsole: false,
    });
  });

  it('Root user via the console (sessionCredentialFromConsole true)', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.userIdentity = {
      type: 'Root',
      principalId: '112233445566',
      arn: 'arn:aws:iam::112233445566:root',
      accountId: '112233445566',
    };
    event.detail.sessionCredentialFromConsole = true;

    expect(changeEvent(parseSecurityGroupEvent(event)).actor).toMatchObject({
      type: 'Root',
      principalArn: 'arn:aws:iam::112233445566:root',
      sessionName: null,
      viaConsole: true,
    });
  });

  it('no userIdentity at all → an Unknown actor, the change still reported', () => {
    const event = loadEvent(SDK_INGRESS);
    delete event.detail.userIdentity;

    const parsed = changeEvent(parseSecurityGroupEvent(event));

    expect(parsed.actor).toMatchObject({ type: 'Unknown', arn: null, principalArn: null, userName: null });
    expect(parsed.changes).toHaveLength(1);
  });
});
