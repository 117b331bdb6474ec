/**
 * Organization mode: the alert for a change the monitor could not check, because its member role in
 * the account could not be used (refused, deleted, its sessions revoked). The change is named as
 * CloudTrail reports it, so the alert is not lost while the record waits in the queue.
 */
import type { ChangeEvent } from '../events/types';
import { displayLines } from '../model/display-text';
import { actorName, describeActor } from './actor';
import {
  type AlertAccount,
  accountLabel,
  describeAttachment,
  describeChange,
  eventFields,
  MAX_ALERT_ITEMS,
  MAX_USER_TEXT,
} from './change-alert';
import { cutText, safeSubject } from './limits';
import type { OutgoingAlert } from './outgoing-alert';

const MAX_ERROR_TEXT = 300;

export interface MemberUnreachableInput {
  environment: string;
  event: ChangeEvent;
  account: AlertAccount;
  /** The member role the monitor assumes in the account. */
  roleArn: string;
  error: { code: string; message: string };
  detectedAt: Date;
}

export function buildMemberUnreachableAlert(input: MemberUnreachableInput): OutgoingAlert {
  const { environment, event, account, roleArn, detectedAt } = input;
  const error = {
    code: cutText(input.error.code, 100),
    message: cutText(input.error.message, MAX_ERROR_TEXT),
  };
  // A rule event's changes, or an attachment event's resources and the groups they carry.
  const reported = [
    ...event.changes.map((change) => describeChange(change)),
    ...(event.attachments ?? []).map((attachment) => describeAttachment(attachment)),
  ];
  const changes = reported.slice(0, MAX_ALERT_ITEMS);
  const omitted = Math.max(0, reported.length - MAX_ALERT_ITEMS);
  const lines = [
    `HIGH: a security group change in ${environment} could not be checked`,
    `Account ${accountLabel(account)}: the member role ${roleArn} could not be used (${error.code}).`,
    '',
    'What CloudTrail reports (not verified: the groups could not be read)',
    `  ${event.eventName} on ${cutText(event.groupIds.concat(event.groupNames).join(', '), MAX_USER_TEXT) || 'a security group'}`,
    ...changes.map((change) => `  ${change}`),
    ...(omitted > 0 ? [`  … and ${omitted} more changes`] : []),
    '',
    'Who',
    `  ${cutText(describeActor(event.actor), MAX_USER_TEXT)}`,
    '',
    'When',
    `  ${event.eventTime} (event ${event.eventId}); detected ${detectedAt.toISOString()}`,
    '',
    'What the monitor did',
    '  Nothing was checked or reverted. The event is retried from the queue for about 30 minutes,',
    '  then kept in the dead-letter queue.',
    `  ${error.code}: ${error.message}`,
    '',
    'What to do',
    "  - Check the account's member stack (StackSet instance) and the member role's trust policy.",
    '  - Check the change itself in the account: someone able to break the role may be hiding it.',
  ];
  const text = displayLines(lines);
  return {
    subject: safeSubject(
      `HIGH ${environment} ${accountLabel(account)}: not checked, member role unusable: ${event.eventName} by ${actorName(event.actor)}`,
    ),
    text,
    json: {
      kind: 'member-unreachable',
      environment,
      severity: 'HIGH',
      account,
      roleArn,
      ...eventFields(event, detectedAt),
      groupIds: event.groupIds.slice(0, MAX_ALERT_ITEMS),
      changes,
      omittedChanges: omitted,
      error,
      // What people read, for subscribers (Slack) that show it as it is.
      text,
    },
    attributes: {
      kind: 'member-unreachable',
      severity: 'HIGH',
      environment,
      eventName: event.eventName,
      account: account.id,
    },
  };
}
