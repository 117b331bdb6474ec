import type { ChangeEvent, GroupAttachment, RuleChange } from '../events/types';
import { displayLines } from '../model/display-text';
import { formatTraffic } from '../model/ports';
import { formatRule, peerToString } from '../model/rule-key';
import { type RevertReport, revertLines } from '../remediation/report';
import type { ChangeAssessment } from '../report/change-assessment';
import type { Finding } from '../rules/types';
import { actorName, describeActor } from './actor';
import { cutText, SNS_MAX_MESSAGE_BYTES, safeSubject } from './limits';
import type { OutgoingAlert } from './outgoing-alert';
import { snsMessageBody } from './sns-message';

/** Findings (and changes) listed in one alert; more are counted (the daily digest has them all). */
export const MAX_ALERT_ITEMS = 50;
/** Caller-written text (session names, user agents, descriptions) kept per line. */
export const MAX_USER_TEXT = 256;

const CHANGE_PROCESS_REMINDER =
  'Security group changes follow the change control process: change request (template in the ' +
  'security groups reference), security and DevOps review, staging test, approval, Terraform ' +
  'deployment, documentation. If this change was intended, file the change request and update the ' +
  'baseline; if not, revert it.';

export interface ChangeAlertInput {
  environment: string;
  event: ChangeEvent;
  assessment: ChangeAssessment;
  detectedAt: Date;
  /** What auto-revert did; its results are listed under the same limit as the findings. */
  revert?: RevertReport;
  /** Names peer groups in the text ("from sg-0abc (thebot-backend-sg)"). */
  nameOfGroup?: (groupId: string) => string | undefined;
  /** Organization mode: the member account and region the change happened in. */
  account?: AlertAccount;
}

/** The member account of an organization-mode alert: its id, the accounts map's name, the region. */
export interface AlertAccount {
  id: string;
  name?: string;
  region: string;
}

/** "222222222222 (Production Account) eu-west-1": how every part of an alert names the account. */
export function accountLabel(account: AlertAccount): string {
  return `${account.id}${account.name ? ` (${account.name})` : ''} ${account.region}`;
}

/**
 * The alert for one CloudTrail change: a subject, a text people read, and the JSON machines read.
 * At most MAX_ALERT_ITEMS findings and changes are listed (the rest are counted), fewer when the
 * whole SNS message would pass 256 KB: an event adding hundreds of described rules still alerts.
 */
export function buildChangeAlert(input: ChangeAlertInput): OutgoingAlert {
  let limit = MAX_ALERT_ITEMS;
  let alert = composeAlert(input, limit);
  while (limit > 0 && Buffer.byteLength(snsMessageBody(alert), 'utf8') > SNS_MAX_MESSAGE_BYTES) {
    limit = Math.floor(limit / 2);
    alert = composeAlert(input, limit);
  }
  return alert;
}

function composeAlert(input: ChangeAlertInput, limit: number): OutgoingAlert {
  const { environment, event, assessment, detectedAt } = input;
  const severity = assessment.severity ?? 'INFO';
  const primary = assessment.groups[0];
  const nameOfGroup = input.nameOfGroup;
  const listed = {
    findings: assessment.related.slice(0, limit),
    changes: event.changes.slice(0, limit),
    omittedFindings: Math.max(0, assessment.related.length - limit),
    omittedChanges: Math.max(0, event.changes.length - limit),
    attachments: (assessment.attachments ?? []).slice(0, limit),
    omittedAttachments: Math.max(0, (assessment.attachments ?? []).length - limit),
    revert: input.revert && { ...input.revert, results: input.revert.results.slice(0, limit) },
    omittedResults: Math.max(0, (input.revert?.results ?? []).length - limit),
  };
  const json = {
    kind: 'change',
    environment,
    severity,
    ...eventFields(event, detectedAt),
    groups: assessment.groups,
    // Groups the call named without an id (default VPC): the only name a deleted one leaves behind.
    groupNames: event.groupNames,
    changes: listed.changes.map((change) => ({
      ...change,
      rule: cutRule(change.rule),
      summary: describeChange(change, input.nameOfGroup),
    })),
    omittedChanges: listed.omittedChanges,
    ...(assessment.attachments
      ? { attachments: listed.attachments, omittedAttachments: listed.omittedAttachments }
      : {}),
    findings: listed.findings.map((finding) => ({ ...finding, rule: cutRule(finding.rule) })),
    omittedFindings: listed.omittedFindings,
    outcome: listed.revert ? { ...listed.revert, omittedResults: listed.omittedResults } : null,
    ...(input.account ? { account: input.account } : {}),
  };
  return {
    subject: safeSubject(
      `${severity} ${environment}${input.account ? ` ${accountLabel(input.account)}` : ''} ${primary?.groupName ?? primary?.groupId ?? event.groupNames[0] ?? 'security group'}: ${headline(event, assessment, nameOfGroup)} by ${actorName(event.actor)}`,
    ),
    text: renderText(input, listed),
    json,
    attributes: {
      kind: 'change',
      severity,
      environment,
      role: primary?.role ?? 'none',
      eventName: event.eventName,
      ...(input.account ? { account: input.account.id } : {}),
    },
  };
}

/** What every alert's JSON says of its event and who made it (caller-written text cut). */
export function eventFields(event: ChangeEvent, detectedAt: Date) {
  return {
    eventId: event.eventId,
    eventName: event.eventName,
    eventTime: event.eventTime,
    detectedAt: detectedAt.toISOString(),
    actor: {
      ...event.actor,
      userAgent: cutOrNull(event.actor.userAgent),
      sessionName: cutOrNull(event.actor.sessionName),
    },
  };
}

/** "5432/tcp opened to 0.0.0.0/0", "database_from_backend removed", "group deleted". */
function headline(
  event: ChangeEvent,
  assessment: ChangeAssessment,
  nameOfGroup?: (groupId: string) => string | undefined,
): string {
  const worst = assessment.related[0];
  if (assessment.attachments) return attachmentHeadline(assessment.related, assessment.attachments);
  if (worst?.check === 'missing-groups') return 'group deleted';
  if (worst?.check === 'missing-rules' && worst.baselineRuleId) return `${worst.baselineRuleId} removed`;
  if (worst?.rule) {
    const preposition = worst.rule.direction === 'ingress' ? 'opened to' : 'egress added to';
    const { peer } = worst.rule;
    const to = peerToString(peer, peer.kind === 'group' ? nameOfGroup?.(peer.value) : undefined);
    return `${formatTraffic(worst.rule)} ${preposition} ${to}`;
  }
  const first = event.changes[0];
  return first ? describeChange(first) : event.eventName;
}

/** "put on internet-reachable i-0abc", "unknown group beside it on eni-0def", "attached to i-0abc". */
function attachmentHeadline(related: readonly Finding[], attachments: readonly GroupAttachment[]): string {
  const [first] = attachments;
  const where = first ? resourceOf(first) : 'an interface';
  const resources = attachments.length > 1 ? `${where} and ${attachments.length - 1} more` : where;
  const placed = (check: string) => related.some((finding) => finding.check === check);
  if (placed('internet-exposed-roles')) return `put on internet-reachable ${resources}`;
  if (placed('side-door-groups')) return `unknown group beside it on ${resources}`;
  return `attached to ${resources}`;
}

function resourceOf(attachment: GroupAttachment): string {
  return (
    [attachment.instanceId, attachment.interfaceId].filter((id) => id !== null).join(' ') || 'an interface'
  );
}

/** `i-0abc eni-0def carries thebot-database-sg (sg-…), temp-debug (sg-…)`. */
export function describeAttachment(
  attachment: GroupAttachment,
  nameOfGroup?: (groupId: string) => string | undefined,
): string {
  const groups = attachment.groupIds.map((id) => {
    const name = nameOfGroup?.(id);
    return name ? `${name} (${id})` : id;
  });
  return `${resourceOf(attachment)} carries ${groups.length > 0 ? groups.join(', ') : 'no group that could be read (interface gone)'}`;
}

export function describeChange(
  change: RuleChange,
  nameOfGroup?: (groupId: string) => string | undefined,
): string {
  switch (change.action) {
    case 'group-created':
      return `group ${groupOf(change)} created`;
    case 'group-deleted':
      return `group ${groupOf(change)} deleted`;
    case 'modified':
      return change.rule
        ? `rule ${change.ruleId ?? '?'} modified to ${formatRule({ ...change.rule, direction: 'ingress' }, nameOfGroup).replace(/^ingress /, '')}`
        : `rule ${change.ruleId ?? '?'} modified`;
    default: {
      const sign = { added: '+', removed: '-', described: '~' }[change.action];
      const what = change.rule
        ? formatRule(change.rule, nameOfGroup)
        : `${change.direction} rule ${change.ruleId ?? '?'}`;
      const note =
        change.action === 'described' ? ` (description now "${cut(change.rule?.description ?? '')}")` : '';
      return `${sign} ${what}${note}`;
    }
  }
}

/** `sg-…`, or `named web (no id in the call)` for a default-VPC call that named the group. */
function groupOf(change: RuleChange): string {
  if (change.groupId !== null) return change.groupId;
  return change.groupName === undefined
    ? '(no id in the call)'
    : `named ${change.groupName} (no id in the call)`;
}

interface Listed {
  findings: Finding[];
  changes: RuleChange[];
  omittedFindings: number;
  omittedChanges: number;
  attachments: GroupAttachment[];
  omittedAttachments: number;
  revert: RevertReport | undefined;
  omittedResults: number;
}

function renderText(input: ChangeAlertInput, listed: Listed): string {
  const { environment, event, assessment, detectedAt } = input;
  const { findings } = listed;
  const severity = assessment.severity ?? 'INFO';
  const lines = [
    assessment.severity
      ? `${severity}: security group drift in ${environment}`
      : `INFO: security group change in ${environment} (compliant with the baseline)`,
    ...(input.account
      ? [`Account ${accountLabel(input.account)}, judged by the ${environment} baseline`]
      : []),
    '',
    'What changed',
    ...assessment.groups.map(
      (group) =>
        `  ${event.eventName} on ${group.groupName ?? '(deleted group)'} (${group.groupId}), role ${group.role ?? 'none (not in baseline)'}`,
    ),
    ...unreadNames(event, assessment).map(
      (name) => `  ${event.eventName} on the group named ${name} (no id in the call; no such group now)`,
    ),
    ...listed.attachments.map((attachment) => `  ${describeAttachment(attachment, input.nameOfGroup)}`),
    ...(listed.omittedAttachments > 0 ? [`  … and ${listed.omittedAttachments} more interfaces`] : []),
    ...listed.changes.map((change) => `  ${describeChange(change, input.nameOfGroup)}`),
    ...(listed.omittedChanges > 0 ? [`  … and ${listed.omittedChanges} more changes`] : []),
    '',
    'Findings',
    ...(findings.length === 0 ? ['  none: the groups match the baseline'] : findings.flatMap(findingLines)),
    ...(listed.omittedFindings > 0
      ? [`  … and ${listed.omittedFindings} more findings (see the daily audit)`]
      : []),
    '',
    'Who',
    `  ${cut(describeActor(event.actor))}`,
    ...(event.actor.userAgent ? [`  user agent: ${cut(event.actor.userAgent)}`] : []),
    '',
    'When',
    `  ${event.eventTime} (event ${event.eventId}); detected ${detectedAt.toISOString()}`,
    ...(listed.revert
      ? [
          '',
          'What the monitor did',
          ...revertLines(listed.revert).map((line) => `  ${line}`),
          ...(listed.omittedResults > 0 ? [`  … and ${listed.omittedResults} more rules`] : []),
        ]
      : []),
    '',
    'What to do',
    ...(findings.length === 0 ? ['  nothing'] : uniqueRemediations(findings).map((text) => `  - ${text}`)),
    '',
    CHANGE_PROCESS_REMINDER,
  ];
  // Group names, descriptions, session names and user agents come from the caller: every line passes
  // the one sanitiser, so none of them can start a line of the email or reach a terminal raw.
  return displayLines(lines);
}

/** Names the call gave without an id that match no group read after it (a group deleted by name). */
function unreadNames(event: ChangeEvent, assessment: ChangeAssessment): string[] {
  const read = new Set(assessment.groups.map((group) => group.groupName));
  return event.groupNames.filter((name) => !read.has(name));
}

function findingLines(finding: Finding): string[] {
  const lines = [`  [${finding.severity}] ${finding.check}: ${cut(finding.message)}`];
  if (finding.exposure) lines.push(`    exposure: ${cut(finding.exposure.summary)}`);
  if (finding.baselineRuleId) lines.push(`    baseline rule: ${finding.baselineRuleId}`);
  if (finding.compliance.length > 0) lines.push(`    compliance: ${finding.compliance.join(', ')}`);
  return lines;
}

function uniqueRemediations(findings: Finding[]): string[] {
  return [...new Set(findings.map((finding) => finding.remediation))];
}

function cut(text: string | null): string {
  return text === null ? '' : cutText(text, MAX_USER_TEXT);
}

function cutOrNull(text: string | null): string | null {
  return text === null ? null : cut(text);
}

function cutRule<T extends { description?: string } | null>(rule: T): T {
  return rule?.description ? { ...rule, description: cut(rule.description) } : rule;
}
