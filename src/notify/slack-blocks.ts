/**
 * Slack Block Kit for what the alert topic carries: change alerts and audit digests (their JSON,
 * the `lambda` copy of the message), CloudWatch alarms, and anything else as escaped plain text.
 * The JSON is read defensively: a missing or odd field is left out, never a crash.
 */
import type { Actor } from '../events/types';
import { displayText } from '../model/display-text';
import { isJsonObject, type Json } from '../model/json-shape';
import { formatTraffic } from '../model/ports';
import { formatRule } from '../model/rule-key';
import { GROUP_PEER_DETAILS, type Peer, type Rule } from '../model/types';
import { actorName, describeActor } from './actor';
import { accountLabel } from './change-alert';
import { cutText } from './limits';
import { type OrgDigestJson, renderOrgDigestText } from './org-digest';
import { codeSpan, escapeMrkdwn } from './slack-escape';

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

/** The incoming-webhook payload: `text` is the notification fallback, `blocks` what people see. */
export interface SlackMessage {
  text: string;
  blocks?: SlackBlock[];
}

// Block Kit limits: header text 150 characters, section text 3,000. The rest keeps a message short.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const USER_TEXT_MAX = 200;
const PLAIN_MAX = 3000;
const TOP_FINDINGS = { change: 5, audit: 10 } as const;
const MAX_GROUPS = 5;
const MAX_CHANGES = 10;
/** Interfaces, groups on one interface, and names listed before "… and N more". */
const MAX_LISTED = 5;
/** Ids and names in a listed line: long enough for AWS's ids, short enough that five lines fit a section. */
const SHORT_TEXT_MAX = 64;

const SEVERITY_EMOJI: Readonly<Record<string, string>> = {
  CRITICAL: ':rotating_light:',
  HIGH: ':red_circle:',
  MEDIUM: ':large_orange_diamond:',
  LOW: ':large_blue_circle:',
  INFO: ':information_source:',
};

/** The Slack message for one SNS `Message` (and its `Subject`, shown for plain text). */
export function slackMessageFor(message: string, subject: string | null = null): SlackMessage {
  const parsed = parseObject(message);
  if (parsed?.kind === 'change') return changeAlertMessage(parsed);
  if (parsed?.kind === 'audit') return auditDigestMessage(parsed);
  if (parsed?.kind === 'org-audit') {
    // The organization digest as people read it in email; a message of another shape that only
    // claims the kind is shown as it was sent.
    try {
      return plainMessage(renderOrgDigestText(parsed as unknown as OrgDigestJson), subject);
    } catch {
      return plainMessage(message, subject);
    }
  }
  // Its text is built by the monitor from sanitised lines; each line is escaped again here.
  if (parsed?.kind === 'member-unreachable' && typeof parsed.text === 'string') {
    return plainMessage(parsed.text, null);
  }
  if (parsed && typeof parsed.AlarmName === 'string') return alarmMessage(parsed);
  return plainMessage(message, subject);
}

/** A plain message keeps its publisher's lines, each escaped on its own; the subject is one line. */
function plainMessage(message: string, subject: string | null): SlackMessage {
  const lines = cutText(message, PLAIN_MAX).split('\n');
  return { text: (subject ? [subject, ...lines] : lines).map(escapeMrkdwn).join('\n') };
}

/** A change alert: severity and environment, groups, before/after, who, revert outcome, findings. */
function changeAlertMessage(alert: Json): SlackMessage {
  const severity = str(alert.severity) ?? 'INFO';
  const environment = str(alert.environment) ?? 'unknown';
  const groups = objects(alert.groups);
  const primary = groups[0];
  const unread = unreadNames(alert.groupNames, groups);
  const where = primary ? (str(primary.groupName) ?? str(primary.groupId) ?? '') : (unread[0] ?? '');
  const actor = toActor(obj(alert.actor));
  const changes = objects(alert.changes);
  const account = accountOf(obj(alert.account));

  const blocks: SlackBlock[] = [
    header(
      `${SEVERITY_EMOJI[severity] ?? ''} ${severity} · ${environment} · ${where || 'security group'} changed`,
    ),
    section(
      groups
        .slice(0, MAX_GROUPS)
        .map((group) => {
          const name = str(group.groupName);
          const role = str(group.role);
          return `*Group:* ${name ? codeSpan(userText(name)) : '_(deleted)_'} (${escapeMrkdwn(str(group.groupId) ?? '?')}) · role ${role ? `*${escapeMrkdwn(role)}*` : '_none (not in the baseline)_'}`;
        })
        .join('\n') || '*Group:* _unknown_',
    ),
  ];
  if (unread.length > 0) {
    const named = unread
      .slice(0, MAX_LISTED)
      .map((name) => `*Named in the call:* ${codeSpan(shortText(name))} (no id; no such group now)`);
    blocks.push(fittedSection(named, Math.max(0, unread.length - MAX_LISTED), 'names'));
  }
  const attachments = objects(alert.attachments);
  if (attachments.length > 0) {
    const hidden = Math.max(0, attachments.length - MAX_LISTED) + num(alert.omittedAttachments);
    blocks.push(
      fittedSection(attachmentLines(attachments.slice(0, MAX_LISTED), groups), hidden, 'interfaces'),
    );
  }
  if (changes.length > 0) {
    const lines = changes.slice(0, MAX_CHANGES).map(changeLine);
    if (changes.length > MAX_CHANGES) lines.push(`… and ${changes.length - MAX_CHANGES} more changes`);
    blocks.push(
      section(
        `*What changed* (${escapeMrkdwn(str(alert.eventName) ?? 'unknown call')})\n${lines.join('\n')}`,
      ),
    );
  }
  blocks.push(
    section(
      `*Who:* ${escapeMrkdwn(userText(actorName(actor)))}\n${escapeMrkdwn(userText(describeActor(actor)))}` +
        (actor.userAgent ? `\n_user agent:_ ${codeSpan(userText(actor.userAgent))}` : ''),
    ),
  );
  const outcome = outcomeText(alert.outcome);
  if (outcome) blocks.push(section(`*Revert:* ${outcome}`));
  blocks.push(...findingsBlocks(objects(alert.findings), num(alert.omittedFindings), TOP_FINDINGS.change));
  blocks.push(
    context(
      [
        account && `account ${escapeMrkdwn(userText(account))}`,
        str(alert.eventId) && `event ${escapeMrkdwn(str(alert.eventId) ?? '')}`,
        str(alert.eventTime) && `at ${escapeMrkdwn(str(alert.eventTime) ?? '')}`,
        str(alert.detectedAt) && `detected ${escapeMrkdwn(str(alert.detectedAt) ?? '')}`,
      ]
        .filter(Boolean)
        .join(' · ') || 'security group change',
    ),
  );
  return {
    text: escapeMrkdwn(
      `${severity} ${environment}${account ? ` ${userText(account)}` : ''} ${where}: security group changed by ${userText(actorName(actor))}`,
    ),
    blocks,
  };
}

/**
 * An attachment alert's instances and interfaces, each with the groups it carries now (named from
 * the alert's groups where it has them): what the launch or the attribute change put where. Every
 * id and name is a code span, cut short: they come from the call, and a line stays one line.
 */
function attachmentLines(attachments: Json[], groups: Json[]): string[] {
  const names = new Map(
    groups.flatMap((group) => {
      const id = str(group.groupId);
      const name = str(group.groupName);
      return id && name ? [[id, name] as const] : [];
    }),
  );
  return attachments.map((attachment) => {
    const resource = [str(attachment.instanceId), str(attachment.interfaceId)]
      .filter(isString)
      .map((id) => codeSpan(shortText(id)))
      .join(' ');
    const ids = (Array.isArray(attachment.groupIds) ? attachment.groupIds : []).filter(isString);
    const carried = ids.slice(0, MAX_LISTED).map((id) => {
      const name = names.get(id);
      return name ? `${codeSpan(shortText(name))} (${codeSpan(shortText(id))})` : codeSpan(shortText(id));
    });
    if (ids.length > MAX_LISTED) carried.push(`and ${ids.length - MAX_LISTED} more groups`);
    return `*Attached:* ${resource || 'an interface'} carries ${carried.length > 0 ? carried.join(', ') : '_no group that could be read (interface gone)_'}`;
  });
}

/**
 * One section of as many `lines` as fit, then "… and N more" counting the rest and `hidden`: what
 * does not fit is counted, never cut off silently by the section's limit.
 */
function fittedSection(lines: readonly string[], hidden: number, what: string): SlackBlock {
  const room = SECTION_MAX - 64; // for the count line
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > room) break;
    kept.push(line);
    length += line.length + 1;
  }
  const more = lines.length - kept.length + hidden;
  if (more > 0) kept.push(`… and ${more} more ${what}`);
  return section(kept.join('\n'));
}

/** Names the call gave without an id that no group of the alert has (a group deleted by name). */
function unreadNames(value: unknown, groups: Json[]): string[] {
  const read = new Set(groups.map((group) => str(group.groupName)));
  return (Array.isArray(value) ? value : [])
    .filter(isString)
    .filter((name) => name !== '' && !read.has(name));
}

/** An organization alert's account ("222222222222 (Production Account) eu-west-1"), or undefined. */
function accountOf(account: Json | undefined): string | undefined {
  const id = str(account?.id);
  const region = str(account?.region);
  if (!id || !region) return undefined;
  return accountLabel({ id, region, name: str(account?.name) });
}

/** A daily audit digest: compliance and environment, the counts, the top findings. */
function auditDigestMessage(digest: Json): SlackMessage {
  const environment = str(digest.environment) ?? 'unknown';
  const compliant = digest.compliant === true;
  const summary = obj(digest.summary) ?? {};
  const counts = obj(summary.findings) ?? {};
  const status = compliant ? 'COMPLIANT' : 'NON-COMPLIANT';
  const count = (severity: string) => num(counts[severity]);
  const blocks: SlackBlock[] = [
    header(
      `${compliant ? ':white_check_mark:' : ':rotating_light:'} ${status} · ${environment} · daily security group audit`,
    ),
    {
      type: 'section',
      fields: [
        field('Critical', count('CRITICAL')),
        field('High', count('HIGH')),
        field('Medium', count('MEDIUM')),
        field('Low', count('LOW')),
        field('Groups scanned', num(summary.groups)),
        field('Rules scanned', num(summary.rules)),
        field('Suppressed', Array.isArray(digest.suppressed) ? digest.suppressed.length : 0),
      ],
    },
    ...findingsBlocks(objects(digest.findings), num(digest.omittedFindings), TOP_FINDINGS.audit),
    context(
      `generated ${escapeMrkdwn(str(digest.generatedAt) ?? '?')} · \`sgdrift audit --format markdown\` for the full report`,
    ),
  ];
  const totals = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']
    .map((s) => `${count(s)} ${s.toLowerCase()}`)
    .join(', ');
  return { text: escapeMrkdwn(`[${status}] ${environment} security group audit: ${totals}`), blocks };
}

function alarmMessage(alarm: Json): SlackMessage {
  const state = str(alarm.NewStateValue) ?? '?';
  const name = userText(str(alarm.AlarmName) ?? '');
  return {
    text: escapeMrkdwn(`CloudWatch alarm ${name} is ${state}`),
    blocks: [
      header(`${state === 'OK' ? ':white_check_mark:' : ':bell:'} CloudWatch alarm ${state}`),
      section(`*${escapeMrkdwn(name)}*\n${escapeMrkdwn(userText(str(alarm.NewStateReason) ?? ''))}`),
    ],
  };
}

function findingsBlocks(findings: Json[], omitted: number, top: number): SlackBlock[] {
  if (findings.length === 0) return [section('*Findings:* none, the groups match the baseline')];
  const lines = findings.slice(0, top).map((finding) => {
    const severity = str(finding.severity) ?? '?';
    const ruleId = str(finding.baselineRuleId);
    const compliance = Array.isArray(finding.compliance) ? finding.compliance.filter(isString) : [];
    const head = [
      `${SEVERITY_EMOJI[severity] ?? ''} *${escapeMrkdwn(severity)}* ${codeSpan(str(finding.check) ?? '?')}`,
      ruleId ? `baseline rule ${codeSpan(ruleId)}` : '',
      compliance.length > 0 ? escapeMrkdwn(compliance.join(', ')) : '',
    ].filter(Boolean);
    const exposure = str(obj(finding.exposure)?.summary);
    const exposed = exposure ? `\n_exposure:_ ${escapeMrkdwn(userText(exposure))}` : '';
    return `${head.join(' · ')}\n${escapeMrkdwn(userText(str(finding.message) ?? ''))}${exposed}`;
  });
  const more = findings.length - Math.min(top, findings.length) + omitted;
  if (more > 0) lines.push(`_… and ${more} more findings_`);
  return [section(`*Top findings*\n${lines.join('\n')}`)];
}

// Before and after for rule changes: what the call added, removed, re-described or replaced.
function changeLine(change: Json): string {
  const rule = toRule(obj(change.rule));
  const ruleId = str(change.ruleId);
  const shown = rule ? codeSpan(userText(ruleText(rule))) : ruleId ? codeSpan(ruleId) : '_a rule_';
  switch (change.action) {
    case 'added':
      return `• before: _absent_ → after: ${shown}`;
    case 'removed':
      return `• before: ${shown} → after: _absent_`;
    case 'described':
      return `• ${shown}: description now ${codeSpan(userText(rule?.description ?? ''))}`;
    case 'modified':
      return `• before: ${ruleId ? codeSpan(ruleId) : '_a rule_'} → after: ${shown}`;
    case 'group-created':
    case 'group-deleted':
      return `• ${escapeMrkdwn(userText(str(change.summary) ?? String(change.action)))}`;
    default:
      return `• ${escapeMrkdwn(userText(str(change.summary) ?? 'change'))}`;
  }
}

function ruleText(rule: Omit<Rule, 'direction'> & { direction?: Rule['direction'] }): string {
  const base = rule.direction ? formatRule(rule as Rule) : `${formatTraffic(rule)} ${rule.peer.value}`;
  return rule.description ? `${base} "${rule.description}"` : base;
}

// The revert outcome's exact shape belongs to the auto-revert feature; show its lines or summary,
// otherwise its JSON, cut.
function outcomeText(outcome: unknown): string | null {
  if (outcome === null || outcome === undefined) return null;
  if (typeof outcome === 'string') return escapeMrkdwn(userText(outcome));
  const value = obj(outcome);
  const lines = Array.isArray(value?.lines) ? value.lines.filter(isString) : [];
  if (lines.length > 0) return lines.map((line) => escapeMrkdwn(userText(line))).join('\n');
  const summary = str(value?.summary) ?? str(value?.status);
  if (summary) return escapeMrkdwn(userText(summary));
  return codeSpan(cutText(JSON.stringify(outcome) ?? '', USER_TEXT_MAX * 2));
}

function toRule(
  value: Json | undefined,
): (Omit<Rule, 'direction'> & { direction?: Rule['direction'] }) | null {
  const peer = obj(value?.peer);
  if (!value || !peer || !isString(peer.kind) || !isString(peer.value)) return null;
  if (!isString(value.protocol) || typeof value.fromPort !== 'number' || typeof value.toPort !== 'number') {
    return null;
  }
  const direction =
    value.direction === 'ingress' || value.direction === 'egress' ? value.direction : undefined;
  return {
    ...(direction ? { direction } : {}),
    protocol: value.protocol,
    fromPort: value.fromPort,
    toPort: value.toPort,
    peer: toPeer(peer, peer.kind, peer.value),
    ...(isString(value.description) ? { description: value.description } : {}),
  };
}

// Only the fields a peer has, and only as strings: a group peer keeps its account, VPC and peering.
function toPeer(peer: Json, kind: string, value: string): Peer {
  const result = { kind, value } as Peer;
  if (result.kind !== 'group') return result;
  for (const key of GROUP_PEER_DETAILS) {
    const detail = peer[key];
    if (isString(detail) && detail !== '') result[key] = detail;
  }
  return result;
}

function toActor(value: Json | undefined): Actor {
  const text = (key: string) => str(value?.[key]) ?? null;
  return {
    type: text('type') ?? 'Unknown',
    arn: text('arn'),
    principalArn: text('principalArn'),
    accountId: text('accountId'),
    userName: text('userName'),
    sessionName: text('sessionName'),
    invokedBy: text('invokedBy'),
    sourceIp: text('sourceIp'),
    userAgent: text('userAgent'),
    viaConsole: value?.viaConsole === true,
  };
}

// Plain text, not mrkdwn: only the one sanitiser applies (environment and group name come from the JSON).
function header(text: string): SlackBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: cutText(displayText(text.trim()), HEADER_MAX), emoji: true },
  };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cutText(text, SECTION_MAX) } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cutText(text, SECTION_MAX) }] };
}

function field(label: string, value: number): SlackText {
  return { type: 'mrkdwn', text: `*${label}*\n${value}` };
}

/** Like userText, cut shorter: for ids and names listed several to a line. */
function shortText(text: string): string {
  return cutText(displayText(text), SHORT_TEXT_MAX);
}

/** User-controlled text, shown escaped and cut before the mrkdwn escaping so an entity is never split. */
function userText(text: string): string {
  return cutText(displayText(text), USER_TEXT_MAX);
}

function parseObject(message: string): Json | undefined {
  try {
    return obj(JSON.parse(message));
  } catch {
    return undefined;
  }
}

function obj(value: unknown): Json | undefined {
  return isJsonObject(value) ? value : undefined;
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.flatMap((item) => (obj(item) ? [item as Json] : [])) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
