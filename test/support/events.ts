import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '../fixtures/cloudtrail');

// biome-ignore lint/suspicious/noExplicitAny: events are edited freely in tests
export type AnyEvent = any;

/** The account and region the handler tests' monitor watches (the account of their SELF_ROLE_ARN). */
export const MONITOR_ACCOUNT = '123456789012';
export const MONITOR_REGION = 'eu-west-1';

/**
 * The event as if recorded in `account` and `region` (the monitor's by default): the envelope's
 * `account`/`region` and the record's `recipientAccountId`/`awsRegion`. The caller stays as recorded.
 */
export function recordedIn(event: AnyEvent, account = MONITOR_ACCOUNT, region = MONITOR_REGION): AnyEvent {
  event.account = account;
  event.region = region;
  if (event.detail && typeof event.detail === 'object') {
    event.detail.recipientAccountId = account;
    event.detail.awsRegion = region;
  }
  return event;
}

/** A real CloudTrail fixture (see test/fixtures/cloudtrail/SOURCES.md), deep-copied. */
export function fixture(path: string): AnyEvent {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
}

/** The real Go-SDK "SSH open to the world" event, pointed at another group, port and CIDR. */
export function authorizeIngressEvent(
  groupId: string,
  port: number,
  cidr = '0.0.0.0/0',
  eventId = 'evt-open-1',
): AnyEvent {
  const event = fixture('AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json');
  const permission = event.detail.requestParameters.ipPermissions.items[0];
  permission.fromPort = port;
  permission.toPort = port;
  permission.ipRanges.items[0].cidrIp = cidr;
  event.detail.requestParameters.groupId = groupId;
  event.detail.eventID = eventId;
  return recordedIn(event);
}

/** The real Terraform revoke event, pointed at a group and a group-referencing permission. */
export function revokeIngressFromGroupEvent(
  groupId: string,
  port: number,
  peerGroupId: string,
  eventId = 'evt-revoke-1',
): AnyEvent {
  const event = fixture('RevokeSecurityGroupIngress/cloudtrail-watcher-terraform-revoked-rule-set.json');
  event.detail.requestParameters = {
    groupId,
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          groups: { items: [{ groupId: peerGroupId }] },
          ipRanges: {},
          ipv6Ranges: {},
          prefixListIds: {},
        },
      ],
    },
  };
  delete event.detail.responseElements.revokedSecurityGroupRuleSet;
  event.detail.eventID = eventId;
  return recordedIn(event);
}

/** The real EKS-service-role DeleteSecurityGroup event, pointed at a group. */
export function deleteGroupEvent(groupId: string, eventId = 'evt-delete-1'): AnyEvent {
  const event = fixture('DeleteSecurityGroup/aws-spotlight-eks-service-role.json');
  event.detail.requestParameters = { groupId };
  event.detail.eventID = eventId;
  return recordedIn(event);
}

const ATTACHMENTS = join(__dirname, '../fixtures/attachments');

/** A bare CloudTrail record of test/fixtures/attachments (see its SOURCES.md), deep-copied. */
export function attachmentRecord(file: string): AnyEvent {
  return JSON.parse(readFileSync(join(ATTACHMENTS, file), 'utf8'));
}

/** The record in the EventBridge envelope CloudTrail events arrive in, as recorded (account and region kept). */
export function inEnvelope(record: AnyEvent): AnyEvent {
  return {
    version: '0',
    id: `envelope-${record.eventID}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: record.recipientAccountId,
    time: '2025-06-02T09:15:43Z',
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}
