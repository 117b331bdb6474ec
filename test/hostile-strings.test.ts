/**
 * Issue 9, item 8: hostile strings never reach a terminal, a report or a person raw. Every renderer
 * gets the same attacker-controlled fields (group and peer names, prefix-list ids, descriptions,
 * tags, session names, user agents, source IPs, event ids, AWS error messages): first the forgery
 * from the issue, then arbitrary strings (fast-check).
 */
import fc from 'fast-check';
import type { ChangeAssessment } from '../src/app/assess-change';
import { auditEstate } from '../src/app/run-audit';
import type { Actor, ChangeEvent } from '../src/events/types';
import { createLogger } from '../src/logger';
import type { Rule, SecurityGroup } from '../src/model/types';
import { buildAuditDigest } from '../src/notify/audit-digest';
import { buildChangeAlert, type ChangeAlertInput } from '../src/notify/change-alert';
import { type SlackMessage, slackMessageFor } from '../src/notify/slack-blocks';
import { escapeMrkdwn } from '../src/notify/slack-escape';
import { snsMessageBody } from '../src/notify/sns-message';
import { type RevertReport, revertLines } from '../src/remediation/report';
import type { AuditResult } from '../src/report/audit-result';
import { renderJson, toJsonReport } from '../src/report/json';
import { renderMarkdown } from '../src/report/markdown';
import { renderText } from '../src/report/text';
import type { Finding } from '../src/rules/types';
import { compliantResult, GROUP_ID, seedBaseline, VPC_ID } from './report/fixtures';
import { forgedVerdicts, HOSTILE, HOSTILE_RUNS, hostileString, rawUnsafe } from './support/hostile-text';

const ROGUE_ID = 'sg-0e7100000000000e7';
const NOW = new Date('2025-12-27T10:30:00Z');
const BENIGN = 'x';

/** PostgreSQL into the database from the rogue group, described by the attacker. */
function databaseFromRogue(hostile: string): Rule {
  return {
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: 5432,
    toPort: 5432,
    peer: { kind: 'group', value: ROGUE_ID },
    description: hostile,
  };
}

/** The seed's estate with `hostile` in every string an attacker can set on a group. */
function hostileAudit(hostile: string): AuditResult {
  const rogue: SecurityGroup = {
    groupId: ROGUE_ID,
    groupName: hostile,
    vpcId: VPC_ID,
    description: hostile,
    tags: { Name: hostile, [hostile]: hostile },
    rules: [
      {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'prefix-list', value: hostile },
        description: hostile,
      },
    ],
  };
  const fromRogue = databaseFromRogue(hostile);
  const groups = compliantResult().estate.groups.map((group) =>
    group.groupId === GROUP_ID.database
      ? { ...group, tags: { ...group.tags, Environment: hostile }, rules: [...group.rules, fromRogue] }
      : group,
  );
  return auditEstate(seedBaseline(), { groups: [...groups, rogue] }, { now: NOW });
}

function actorOf(hostile: string): Actor {
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::123456789012:assumed-role/Admin/${hostile}`,
    principalArn: `arn:aws:iam::123456789012:role/${hostile}`,
    accountId: '123456789012',
    userName: hostile,
    sessionName: hostile,
    invokedBy: null,
    sourceIp: hostile,
    userAgent: hostile,
    viaConsole: false,
  };
}

/** A revert report whose group name, reason and AWS error message are hostile. */
function hostileRevert(hostile: string): RevertReport {
  const target = {
    groupId: GROUP_ID.database,
    groupName: hostile,
    role: 'database',
    rule: {
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      peer: { kind: 'prefix-list', value: hostile },
      ruleId: hostile,
    } satisfies Rule,
    baselineRuleId: null,
    checks: ['unexpected-rules'],
  };
  return {
    mode: 'enforce',
    status: 'applied',
    summary: 'revoked 1 rule',
    results: [
      { ...target, status: 'failed', action: 'revoke', reason: null, error: { code: 'X', message: hostile } },
      { ...target, status: 'skipped', action: null, reason: hostile, error: null },
    ],
    verified: false,
  };
}

/** A change alert's input with `hostile` in every field the event or the estate supplies. */
function hostileChange(hostile: string): ChangeAlertInput {
  const rule = databaseFromRogue(hostile);
  const prefixRule: Rule = { ...rule, peer: { kind: 'prefix-list', value: hostile } };
  const finding: Finding = {
    check: 'unexpected-rules',
    severity: 'CRITICAL',
    groupId: GROUP_ID.database,
    groupName: hostile,
    role: 'database',
    direction: 'ingress',
    rule,
    baselineRuleId: null,
    message: `${hostile} has a rule the baseline does not declare`,
    compliance: ['HIPAA'],
    remediation: 'Revoke the rule.',
  };
  const event: ChangeEvent = {
    eventId: hostile,
    eventName: 'AuthorizeSecurityGroupIngress',
    eventTime: hostile,
    region: 'eu-west-1',
    account: '123456789012',
    actor: actorOf(hostile),
    groupIds: [GROUP_ID.database],
    groupNames: [],
    changes: [
      { action: 'added', groupId: GROUP_ID.database, direction: 'ingress', rule, ruleId: hostile },
      {
        action: 'described',
        groupId: GROUP_ID.database,
        direction: 'ingress',
        rule: prefixRule,
        ruleId: null,
      },
      { action: 'modified', groupId: GROUP_ID.database, direction: null, rule: prefixRule, ruleId: hostile },
      { action: 'removed', groupId: GROUP_ID.database, direction: 'ingress', rule: null, ruleId: hostile },
      { action: 'group-created', groupId: hostile, direction: null, rule: null, ruleId: null },
    ],
  };
  const assessment: ChangeAssessment = {
    groups: [{ groupId: GROUP_ID.database, groupName: hostile, role: 'database' }],
    related: [finding],
    remaining: [finding],
    severity: 'CRITICAL',
  };
  const report = hostileRevert(hostile);
  return {
    environment: 'production',
    event,
    assessment,
    detectedAt: NOW,
    revert: report,
    nameOfGroup: () => hostile,
  };
}

/** Every text a Slack message shows, each to be checked on its own. */
function slackTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks ?? []) {
    if ('text' in block && block.text) texts.push(block.text.text);
    if ('fields' in block) texts.push(...(block.fields ?? []).map((field) => field.text));
    if ('elements' in block) texts.push(...block.elements.map((element) => element.text));
  }
  return texts;
}

function loggedLines(hostile: string): string[] {
  const lines: string[] = [];
  const logger = createLogger('debug', { correlationId: hostile }, (line) => lines.push(line));
  logger.error(hostile, { groupName: hostile, error: new Error(hostile) });
  return lines;
}

/** Each renderer, as the texts it hands to a terminal, a mail client or Slack. */
const RENDERERS: Record<string, (hostile: string) => string[]> = {
  'text report (sgdrift audit)': (hostile) => [renderText(hostileAudit(hostile))],
  'Markdown report': (hostile) => [renderMarkdown(hostileAudit(hostile))],
  'JSON report (sgdrift audit --format json)': (hostile) => [renderJson(hostileAudit(hostile))],
  'daily digest email': (hostile) => {
    const digest = buildAuditDigest(hostileAudit(hostile));
    return [digest.subject, digest.text];
  },
  'change alert email': (hostile) => {
    const alert = buildChangeAlert(hostileChange(hostile));
    return [alert.subject, alert.text];
  },
  'Slack change alert': (hostile) => {
    const alert = buildChangeAlert(hostileChange(hostile));
    return slackTexts(slackMessageFor(JSON.stringify(alert.json)));
  },
  'Slack daily digest': (hostile) => {
    const digest = buildAuditDigest(hostileAudit(hostile));
    return slackTexts(slackMessageFor(JSON.stringify(digest.json)));
  },
  // A plain message (not an alert's JSON) keeps the publisher's own lines; its subject is one line.
  'Slack plain message subject': (hostile) => slackTexts(slackMessageFor('line one\nline two', hostile)),
  'Slack CloudWatch alarm': (hostile) =>
    slackTexts(
      slackMessageFor(
        JSON.stringify({ AlarmName: hostile, NewStateValue: 'ALARM', NewStateReason: hostile }),
      ),
    ),
  'revert report lines': (hostile) => [revertLines(hostileRevert(hostile)).join('\n')],
  'JSON log lines': loggedLines,
};

const lineCount = (text: string) => text.split('\n').length;

describe('hostile strings: the forgery from the issue', () => {
  it('the text report shows one verdict, its own', () => {
    const output = renderText(hostileAudit(HOSTILE));
    expect(forgedVerdicts(output)).toEqual([]);
    expect(output).toContain('Overall Compliance: NON-COMPLIANT');
    expect(rawUnsafe(output)).toEqual([]);
    // What the attacker wrote stays readable for whoever investigates.
    expect(output).toContain('evil\\nOverall Compliance: COMPLIANT\\r\\n\\u001b]0;pwned\\u0007');
    expect(output).toContain('\\u009b2J\\u202egpj.exe');
  });

  it('the daily digest email shows no forged verdict and no raw escape', () => {
    const digest = buildAuditDigest(hostileAudit(HOSTILE));
    expect(forgedVerdicts(digest.text)).toEqual([]);
    expect(rawUnsafe(digest.text)).toEqual([]);
    expect(rawUnsafe(digest.subject)).toEqual([]);
  });

  it('the Markdown report keeps the attacker inside one list item', () => {
    const output = renderMarkdown(hostileAudit(HOSTILE));
    expect(forgedVerdicts(output)).toEqual([]);
    expect(rawUnsafe(output)).toEqual([]);
    expect(lineCount(output)).toBe(lineCount(renderMarkdown(hostileAudit(BENIGN))));
  });

  it('the change alert email shows no forged line and no raw escape', () => {
    const alert = buildChangeAlert(hostileChange(HOSTILE));
    expect(forgedVerdicts(alert.text)).toEqual([]);
    expect(rawUnsafe(alert.text)).toEqual([]);
    expect(rawUnsafe(alert.subject)).toEqual([]);
    expect(alert.text).toContain('user agent: evil\\nOverall Compliance: COMPLIANT');
  });

  it('Slack shows no raw escape and no broadcast', () => {
    const alert = buildChangeAlert(hostileChange(`${HOSTILE}<!channel>`));
    const texts = slackTexts(slackMessageFor(snsLambdaCopy(alert.json)));
    for (const text of texts) {
      expect(rawUnsafe(text)).toEqual([]);
      expect(text).not.toContain('<!channel>');
    }
  });

  it("a plain Slack message keeps its publisher's lines, none with a raw escape", () => {
    const [text = ''] = slackTexts(slackMessageFor(`one ${HOSTILE}\ntwo`, HOSTILE));
    expect(rawUnsafe(text)).toEqual([]);
    expect(text.split('\n')[0]).toBe(escapeMrkdwn(HOSTILE));
  });

  it('the JSON report escapes C1 controls and bidi overrides too, and still parses to the same value', () => {
    const output = renderJson(hostileAudit(HOSTILE));
    expect(rawUnsafe(output)).toEqual([]);
    // The escaping changes the text only: parsed, it is the report JSON.stringify would have written.
    const audit = hostileAudit(HOSTILE);
    expect(JSON.parse(renderJson(audit))).toEqual(JSON.parse(JSON.stringify(toJsonReport(audit))));
    expect(JSON.stringify(JSON.parse(output))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });

  it('a log line is one line with no raw escape', () => {
    const [line, ...more] = loggedLines(HOSTILE);
    expect(more).toEqual([]);
    expect(rawUnsafe(line ?? '')).toEqual([]);
    expect(JSON.parse(line ?? '').message).toBe(HOSTILE);
  });
});

describe('hostile strings: every renderer (fast-check)', () => {
  for (const [renderer, render] of Object.entries(RENDERERS)) {
    it(`${renderer}: no raw control or bidi code point, no line an attacker started`, () => {
      const benign = render(BENIGN).map(lineCount);
      fc.assert(
        fc.property(hostileString, (hostile) => {
          const outputs = render(hostile);
          for (const output of outputs) expect(rawUnsafe(output)).toEqual([]);
          expect(outputs.map(lineCount)).toEqual(benign);
        }),
        { numRuns: HOSTILE_RUNS },
      );
    });
  }
});

/** What the Slack notifier receives: the `lambda` copy of the SNS message. */
function snsLambdaCopy(json: unknown): string {
  return JSON.parse(snsMessageBody({ subject: 's', text: 't', json, attributes: {} })).lambda;
}
