/** Turns an EventBridge "AWS API Call via CloudTrail" event into a ChangeEvent, or says why not. */
import { parseActor } from './actor';
import { readAttachments } from './attachments';
import { readChanges } from './changes';
import { EVENT_TABLE, eventSpec, isAttachmentSpec } from './event-table';
import { at, field, isObject, type JsonObject, text, unique } from './read';
import type { ChangeEvent, ParseOutcome, SkipReason } from './types';

const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
const EC2_SOURCE = 'aws.ec2';
const EC2_EVENT_SOURCE = 'ec2.amazonaws.com';

/** The CloudTrail event names that change security groups or which resources carry them. */
export const SECURITY_GROUP_EVENT_NAMES: readonly string[] = Object.freeze(Object.keys(EVENT_TABLE));

/** Parses an EventBridge envelope; never throws, whatever the input. */
export function parseSecurityGroupEvent(input: unknown): ParseOutcome {
  try {
    return parseEnvelope(input);
  } catch (error) {
    // Unreachable for JSON input (every read is type-checked); guards against exotic objects.
    return { kind: 'unparseable', reason: `internal error: ${text(String(error)) ?? 'unknown'}` };
  }
}

function parseEnvelope(input: unknown): ParseOutcome {
  if (!isObject(input)) return unparseable('the event is not a JSON object');
  const detailType = field(input, 'detail-type');
  const source = field(input, 'source');
  if (typeof detailType !== 'string' || typeof source !== 'string') {
    return unparseable('the event has no "detail-type" and "source" strings');
  }
  const record = field(input, 'detail');
  const eventId = text(field(record, 'eventID'));
  const eventName = text(field(record, 'eventName'));
  const eventSource = field(record, 'eventSource');
  const foreign =
    detailType !== CLOUDTRAIL_DETAIL_TYPE ||
    source !== EC2_SOURCE ||
    (typeof eventSource === 'string' && eventSource !== EC2_EVENT_SOURCE);
  if (foreign) return skipped('not-security-group-event', eventId, eventName, null);
  if (!isObject(record)) return unparseable('"detail" is not a CloudTrail record object');
  if (eventName === null) return unparseable('"detail.eventName" is missing');
  const spec = eventSpec(eventName);
  if (spec === undefined) return skipped('not-security-group-event', eventId, eventName, null);

  // A failed call changed nothing; a dry run (`Client.DryRunOperation`) is one too.
  const errorCode = field(record, 'errorCode');
  if (errorCode !== undefined && errorCode !== null && errorCode !== '') {
    return skipped('failed-call', eventId, eventName, text(errorCode));
  }
  if (eventId === null) return unparseable('"detail.eventID" is missing');
  const eventTime = text(field(record, 'eventTime')) ?? text(field(input, 'time'));
  if (eventTime === null || Number.isNaN(Date.parse(eventTime))) {
    return unparseable('"detail.eventTime" is missing or not a date');
  }

  const found = { eventId, eventName, eventTime };
  if (isAttachmentSpec(spec)) {
    const attachments = readAttachments(spec, record);
    const groupIds = unique(attachments.flatMap((attachment) => attachment.groupIds));
    if (spec.groupsRequired && groupIds.length === 0) {
      // Skipped only when the request plainly changed something else (instance type, source/dest
      // check): groups in a shape this reader does not know are unparseable (warned and counted),
      // never a group change dropped without a trace.
      return mentionsGroups(field(record, 'requestParameters'))
        ? unparseable(`${eventName}: its request names groups in a shape this reader does not know`)
        : skipped('no-group-change', eventId, eventName, null);
    }
    if (attachments.length === 0) return unparseable(`${eventName} names no interface, instance or group`);
    return change(input, record, { ...found, groupIds, groupNames: [], changes: [], attachments });
  }

  const groupId = text(at(record, spec.groupIdAt));
  // A group named without an id (default VPC) is resolved later by a describe by name.
  const groupName = groupId === null && spec.groupNameAt !== null ? text(at(record, spec.groupNameAt)) : null;
  const changes = readChanges(spec, record, groupId, groupName);
  const groupIds = unique([groupId, ...changes.map((change) => change.groupId)]);
  const groupNames = unique([groupName]);
  if (groupIds.length === 0 && groupNames.length === 0) {
    return unparseable(`${eventName} names no security group id or name`);
  }
  return change(input, record, { ...found, groupIds, groupNames, changes });
}

/** The change outcome: what the event did, where it was recorded (account, region) and by whom. */
function change(
  input: JsonObject,
  record: JsonObject,
  what: Omit<ChangeEvent, 'region' | 'account' | 'actor'>,
): ParseOutcome {
  return {
    kind: 'change',
    origin: {
      accounts: unique([text(field(input, 'account')), text(field(record, 'recipientAccountId'))]),
      regions: unique([text(field(input, 'region')), text(field(record, 'awsRegion'))]),
    },
    event: {
      ...what,
      region: text(field(record, 'awsRegion')) ?? text(field(input, 'region')),
      account:
        text(field(record, 'recipientAccountId')) ??
        text(field(input, 'account')) ??
        text(at(record, ['userIdentity', 'accountId'])),
      actor: parseActor(record),
    },
  };
}

/** Whether any key of the request, a few levels down, speaks of groups (`groupSet`, `groups`, `GroupId`…). */
function mentionsGroups(value: unknown, depth = 0): boolean {
  if (depth > 4 || !isObject(value)) return false;
  return Object.keys(value)
    .slice(0, 100)
    .some((key) => /group/i.test(key) || mentionsGroups(value[key], depth + 1));
}

function unparseable(reason: string): ParseOutcome {
  return { kind: 'unparseable', reason };
}

function skipped(
  reason: SkipReason,
  eventId: string | null,
  eventName: string | null,
  errorCode: string | null,
): ParseOutcome {
  return { kind: 'skipped', reason, eventId, eventName, errorCode };
}
