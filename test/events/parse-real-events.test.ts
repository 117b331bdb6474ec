import { parseSecurityGroupEvent } from '../../src/events/parse';
import type { Actor, ChangeEvent, ParseOutcome, RuleChange } from '../../src/events/types';
import type { Peer } from '../../src/model/types';
import { listFixtures, loadEvent } from './load-event';

const WORLD_V4 = '0.0.0.0/0';
const cidr4 = (value: string): Peer => ({ kind: 'cidr4', value });
const group = (value: string): Peer => ({ kind: 'group', value });

// The Terraform test account of rubysoho07/cloudtrail-watcher (placeholders kept as published).
const WATCHER_USER: Partial<Actor> = {
  type: 'IAMUser',
  arn: 'arn:aws:iam::000000000000:user/test_user',
  principalArn: 'arn:aws:iam::000000000000:user/test_user',
  userName: 'test_user',
  sessionName: null,
  invokedBy: null,
  sourceIp: '127.0.0.1',
  viaConsole: false,
};
const WATCHER_GROUP = 'sg-0e79c7acdf4a0225e';
const PANTHER_OPERATOR: Partial<Actor> = {
  type: 'AssumedRole',
  principalArn: 'arn:aws:iam::112233445566:role/Operator',
  sessionName: 'ryan@example.com',
  invokedBy: null,
  sourceIp: '100.1.114.142',
  viaConsole: false,
};

interface Expected {
  eventName: string;
  eventId: string;
  groupIds: string[];
  actor: Partial<Actor>;
  changes: RuleChange[];
}

const CASES: Record<string, Expected> = {
  'AuthorizeSecurityGroupEgress/cloudtrail-watcher-terraform-all-traffic-rule-set.json': {
    eventName: 'AuthorizeSecurityGroupEgress',
    eventId: '061fb12b-9a82-4460-95fb-3482d24e11f6',
    groupIds: [WATCHER_GROUP],
    actor: WATCHER_USER,
    changes: [
      {
        action: 'added',
        groupId: WATCHER_GROUP,
        direction: 'egress',
        rule: {
          direction: 'egress',
          protocol: 'all',
          fromPort: -1,
          toPort: -1,
          peer: cidr4(WORLD_V4),
          ruleId: 'sgr-0842f7411dc6a5a34',
        },
        ruleId: 'sgr-0842f7411dc6a5a34',
      },
    ],
  },
  'AuthorizeSecurityGroupEgress/panther-terraform-all-traffic-description.json': {
    eventName: 'AuthorizeSecurityGroupEgress',
    eventId: '1a593035-e072-49c4-8c72-4ff35e195330',
    groupIds: ['sg-03eee825d6bb78f54'],
    actor: {
      ...PANTHER_OPERATOR,
      // The session ARN names another role than its issuer in the source; the issuer is the principal.
      arn: 'arn:aws:sts::112233445566:assumed-role/ContinousDeployment/ryan@example.com',
    },
    changes: [
      {
        action: 'added',
        groupId: 'sg-03eee825d6bb78f54',
        direction: 'egress',
        rule: {
          direction: 'egress',
          protocol: 'all',
          fromPort: -1,
          toPort: -1,
          peer: cidr4(WORLD_V4),
          description:
            'Allow egress to the internet. Required for now until we land ECS/ECR endpoints in the VPC',
        },
        ruleId: null,
      },
    ],
  },
  'AuthorizeSecurityGroupIngress/cloudtrail-watcher-terraform-v2-rule-set.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: '1beb5d85-3e0f-4000-b7d7-edb9300e0594',
    groupIds: [WATCHER_GROUP],
    actor: WATCHER_USER,
    changes: [
      {
        action: 'added',
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
    ],
  },
  'AuthorizeSecurityGroupIngress/netflix-historical-console-sg-reference-eventbridge.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: 'a3c1efab-1658-43ea-af24-7fbdf4363ef2',
    groupIds: ['sg-4e386e31'],
    actor: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789010:assumed-role/test_admin/joe@example.com',
      principalArn: 'arn:aws:iam::123456789010:role/test_admin',
      accountId: '12345689010', // the source's typo, kept
      userName: 'test_admin',
      sessionName: 'joe@example.com',
      invokedBy: null,
      sourceIp: '192.168.1.1',
      viaConsole: true,
    },
    changes: [
      {
        action: 'added',
        groupId: 'sg-4e386e31',
        direction: 'ingress',
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 0,
          toPort: 65535,
          peer: group('sg-4e386e22'),
        },
        ruleId: null,
      },
    ],
  },
  'AuthorizeSecurityGroupIngress/panther-console-assumedrole-ipv4-string-ports.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: '504b492f-7832-406b-a4fd-45a13e48adc4',
    groupIds: ['sg-04f0b44316f7d2471'],
    actor: {
      type: 'AssumedRole',
      principalArn: 'arn:aws:iam::112233445566:role/TestAdmin',
      userName: 'TestAdmin',
      sessionName: 'alan',
      invokedBy: null,
      sourceIp: '136.25.37.134',
      viaConsole: true,
    },
    changes: [
      {
        action: 'added',
        groupId: 'sg-04f0b44316f7d2471',
        direction: 'ingress',
        // Ports arrive as the strings "443".
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          peer: cidr4('0.0.0.0/16'),
        },
        ruleId: null,
      },
    ],
  },
  'AuthorizeSecurityGroupIngress/panther-console-ssh-with-rule-description.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: '1',
    groupIds: ['sg-1'],
    actor: {
      type: 'AssumedRole',
      principalArn: 'arn:aws:iam::123456789012:role/tester',
      // The source's session ARN has no session part.
      sessionName: null,
      sourceIp: '111.111.111.111',
      viaConsole: true,
    },
    changes: [
      {
        action: 'added',
        groupId: 'sg-1',
        direction: 'ingress',
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: cidr4('127.0.0.1/32'),
          description: 'SSH for me',
        },
        ruleId: null,
      },
    ],
  },
  'AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: '42155429-7e8e-43b5-9b5e-6953f80d51d5',
    groupIds: ['sg-0d921df5d84f7270a'],
    actor: { ...PANTHER_OPERATOR, userAgent: 'aws-sdk-go/1.24.1 (go1.14; darwin; amd64)' },
    changes: [
      {
        action: 'added',
        groupId: 'sg-0d921df5d84f7270a',
        direction: 'ingress',
        rule: { direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, peer: cidr4(WORLD_V4) },
        ruleId: null,
      },
    ],
  },
  'AuthorizeSecurityGroupIngress/watch-sg-console-federated.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: 'xxxxxxxxxxxxxxx',
    groupIds: ['sg-xxxxxxxxxxxxxx'],
    actor: {
      type: 'AssumedRole',
      principalArn: 'arn:aws:iam::123456789012:role/xxxxxxxxxxxxxxx',
      sessionName: 'john.doh@example.com',
      sourceIp: 'xxxxxxxxxxxxxxx',
      viaConsole: true,
    },
    changes: [
      {
        action: 'added',
        groupId: 'sg-xxxxxxxxxxxxxx',
        direction: 'ingress',
        rule: { direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, peer: cidr4(WORLD_V4) },
        ruleId: null,
      },
    ],
  },
  'AuthorizeSecurityGroupIngress/watch-sg-console-iamuser-rule-description.json': {
    eventName: 'AuthorizeSecurityGroupIngress',
    eventId: 'xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
    groupIds: ['sg-xxxxxxxxxxxxxxx'],
    actor: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/john.doh',
      principalArn: 'arn:aws:iam::123456789012:user/john.doh',
      userName: 'john.doh',
      invokedBy: 'signin.amazonaws.com',
      sourceIp: '192.168.1.1',
      viaConsole: true,
    },
    changes: [
      {
        action: 'added',
        groupId: 'sg-xxxxxxxxxxxxxxx',
        direction: 'ingress',
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          peer: cidr4(WORLD_V4),
          description: 'to lazy to put correct ip, lets give everyone access',
        },
        ruleId: null,
      },
    ],
  },
  'CreateSecurityGroup/aws-spotlight-console-iamuser.json': {
    eventName: 'CreateSecurityGroup',
    eventId: '11111112-292a-4bf7-b013-8caae55c27df',
    groupIds: ['sg-0e4669b73c6c4c0fd'],
    actor: {
      type: 'IAMUser',
      principalArn: 'arn:aws:iam::999999999999:user/wwalpha@gmail.com',
      invokedBy: null,
      sourceIp: '165.225.111.58',
      viaConsole: true,
    },
    changes: [
      { action: 'group-created', groupId: 'sg-0e4669b73c6c4c0fd', direction: null, rule: null, ruleId: null },
    ],
  },
  'CreateSecurityGroup/aws-spotlight-terraform-instance-role-tags.json': {
    eventName: 'CreateSecurityGroup',
    eventId: '85d9c3cb-37a4-492b-ba7c-39458f68e5db',
    groupIds: ['sg-07111150655b49758'],
    actor: {
      type: 'AssumedRole',
      principalArn: 'arn:aws:iam::999999999999:role/EC2Role',
      sessionName: 'i-05c3bdc7f6a978bf4',
      sourceIp: '35.75.17.11',
      viaConsole: false,
    },
    changes: [
      { action: 'group-created', groupId: 'sg-07111150655b49758', direction: null, rule: null, ruleId: null },
    ],
  },
  'CreateSecurityGroup/cloudtrail-watcher-console-placeholder-ids.json': {
    eventName: 'CreateSecurityGroup',
    eventId: '23f64b42-8858-4c45-9fa0-5e575903140a',
    groupIds: ['sg-YOUR_SECURITY_GROUP_ID'],
    actor: {
      type: 'IAMUser',
      principalArn: 'arn:aws:iam::000000000000:user/test',
      sourceIp: '172.0.0.1',
      viaConsole: true,
    },
    changes: [
      {
        action: 'group-created',
        groupId: 'sg-YOUR_SECURITY_GROUP_ID',
        direction: null,
        rule: null,
        ruleId: null,
      },
    ],
  },
  'CreateSecurityGroup/panther-terraform.json': {
    eventName: 'CreateSecurityGroup',
    eventId: '52601748-2659-4ed8-b5fd-c530547b07ec',
    groupIds: ['sg-04d018d184a18f647'],
    actor: PANTHER_OPERATOR,
    changes: [
      { action: 'group-created', groupId: 'sg-04d018d184a18f647', direction: null, rule: null, ruleId: null },
    ],
  },
  'DeleteSecurityGroup/aws-spotlight-eks-service-role.json': {
    eventName: 'DeleteSecurityGroup',
    eventId: '3c60b1ba-9483-4407-87be-7c30215f68ed',
    groupIds: ['sg-00114590f004f1078'],
    actor: {
      type: 'AssumedRole',
      principalArn:
        'arn:aws:iam::999999999999:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS',
      userName: 'AWSServiceRoleForAmazonEKS',
      sessionName: 'AmazonEKS',
      invokedBy: 'eks.amazonaws.com',
      sourceIp: 'eks.amazonaws.com',
      viaConsole: false,
    },
    changes: [
      { action: 'group-deleted', groupId: 'sg-00114590f004f1078', direction: null, rule: null, ruleId: null },
    ],
  },
  'ModifySecurityGroupRules/cloudtrail-watcher-console-modify-cidr-port.json': {
    eventName: 'ModifySecurityGroupRules',
    eventId: '9e8af480-f3c6-461e-86b7-b68bb0190ad0',
    groupIds: ['sg-ef6e8186'],
    // A browser user agent and sessionCredentialFromConsole "true".
    actor: { ...WATCHER_USER, viaConsole: true },
    changes: [
      {
        action: 'modified',
        groupId: 'sg-ef6e8186',
        direction: null,
        rule: {
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          peer: cidr4('127.0.0.1/32'),
          ruleId: 'sgr-0481972caed6e2e1c',
        },
        ruleId: 'sgr-0481972caed6e2e1c',
      },
    ],
  },
  'RevokeSecurityGroupEgress/cloudtrail-watcher-terraform-revoked-rule-set.json': {
    eventName: 'RevokeSecurityGroupEgress',
    eventId: '3e862025-bc94-4304-8ad5-211b8cdc970e',
    groupIds: [WATCHER_GROUP],
    actor: WATCHER_USER,
    changes: [
      {
        action: 'removed',
        groupId: WATCHER_GROUP,
        direction: 'egress',
        rule: {
          direction: 'egress',
          protocol: 'all',
          fromPort: -1,
          toPort: -1,
          peer: cidr4(WORLD_V4),
          ruleId: 'sgr-0842f7411dc6a5a34',
        },
        ruleId: 'sgr-0842f7411dc6a5a34',
      },
    ],
  },
  'RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json': {
    eventName: 'RevokeSecurityGroupIngress',
    eventId: '4b3e4423-03b0-46fd-8eae-7938ea61f369',
    groupIds: [WATCHER_GROUP],
    actor: WATCHER_USER,
    changes: [
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
    ],
  },
};

const SCHEDULED_EVENT = 'ScheduledEvent/awsdocs-eventbridge-scheduled-event.json';

function changeEvent(outcome: ParseOutcome): ChangeEvent {
  if (outcome.kind !== 'change') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

describe('events: every real CloudTrail fixture', () => {
  it('has a case here (a new fixture without one fails)', () => {
    expect(listFixtures()).toEqual([...Object.keys(CASES), SCHEDULED_EVENT].sort());
  });

  it.each(Object.entries(CASES))('%s', (path, expected) => {
    const raw = loadEvent(path);
    const event = changeEvent(parseSecurityGroupEvent(raw));

    expect(event.eventName).toBe(expected.eventName);
    expect(event.eventId).toBe(expected.eventId);
    expect(event.eventTime).toBe(raw.detail.eventTime);
    expect(event.region).toBe(raw.detail.awsRegion);
    expect(event.groupIds).toEqual(expected.groupIds);
    expect(event.groupNames).toEqual([]);
    expect(event.actor).toMatchObject(expected.actor);
    expect(event.actor.userAgent).toBe(raw.detail.userAgent);
    expect(event.changes).toEqual(expected.changes);
  });

  it(`${SCHEDULED_EVENT} is skipped as not a security-group event`, () => {
    expect(parseSecurityGroupEvent(loadEvent(SCHEDULED_EVENT))).toEqual({
      kind: 'skipped',
      reason: 'not-security-group-event',
      eventId: null,
      eventName: null,
      errorCode: null,
    });
  });
});
