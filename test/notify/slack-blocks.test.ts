import { buildAuditDigest } from '../../src/notify/audit-digest';
import { type SlackMessage, slackMessageFor } from '../../src/notify/slack-blocks';
import { escapeMrkdwn } from '../../src/notify/slack-escape';
import { addRule, compliantResult, findingOn, ingress, WORLD_V4, withFindings } from '../report/fixtures';

const INJECTION = 'temp <!channel> see <https://evil.example|docs> & more';
const ESCAPED_INJECTION = 'temp &lt;!channel&gt; see &lt;https://evil.example|docs&gt; &amp; more';
const DATABASE = 'sg-0a1b2c3d4e5f60004';
const DB_WORLD_RULE = {
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  peer: { kind: 'cidr4', value: WORLD_V4 },
  description: INJECTION,
};

/** The `lambda` copy of a change alert, as the change handler publishes it. */
function changeAlert(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'change',
    environment: 'production',
    severity: 'CRITICAL',
    eventId: 'evt-open-1',
    eventName: 'AuthorizeSecurityGroupIngress',
    eventTime: '2026-01-15T09:12:00Z',
    detectedAt: '2026-01-15T09:12:03.000Z',
    actor: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/Admin/<!here>ryan',
      principalArn: 'arn:aws:iam::123456789012:role/Admin',
      accountId: '123456789012',
      userName: 'Admin',
      sessionName: '<!here>ryan',
      invokedBy: null,
      sourceIp: '198.51.100.7',
      userAgent: 'aws-cli/2.15',
      viaConsole: false,
    },
    groups: [{ groupId: DATABASE, groupName: 'thebot-database-sg', role: 'database' }],
    changes: [
      {
        action: 'added',
        groupId: DATABASE,
        direction: 'ingress',
        rule: DB_WORLD_RULE,
        ruleId: 'sgr-0123',
        summary: '+ ingress 5432/tcp from 0.0.0.0/0',
      },
      {
        action: 'removed',
        groupId: DATABASE,
        direction: 'ingress',
        rule: null,
        ruleId: 'sgr-0456',
        summary: '-',
      },
    ],
    findings: [
      {
        check: 'permissive-rules',
        severity: 'CRITICAL',
        groupId: DATABASE,
        groupName: 'thebot-database-sg',
        role: 'database',
        direction: 'ingress',
        rule: DB_WORLD_RULE,
        baselineRuleId: null,
        message: '5432/tcp open to the whole internet: 0.0.0.0/0 on thebot-database-sg',
        compliance: ['HIPAA', 'PCI-DSS'],
        remediation: 'Revoke the rule.',
      },
      {
        check: 'missing-rules',
        severity: 'CRITICAL',
        groupId: DATABASE,
        groupName: 'thebot-database-sg',
        role: 'database',
        direction: 'ingress',
        rule: null,
        baselineRuleId: 'database_from_backend',
        message: 'thebot-database-sg is missing baseline rule database_from_backend',
        compliance: ['HIPAA'],
        remediation: 'Restore the rule.',
      },
    ],
    omittedFindings: 0,
    outcome: null,
    ...overrides,
  };
}

function allText(message: SlackMessage): string {
  return JSON.stringify(message);
}

function blockTexts(message: SlackMessage): string[] {
  return (message.blocks ?? []).flatMap((block) => {
    if (block.type === 'header' || block.type === 'section') {
      return [block.text?.text ?? '', ...(('fields' in block && block.fields) || []).map((f) => f.text)];
    }
    if (block.type === 'context') return block.elements.map((element) => element.text);
    return [];
  });
}

describe('notify: Slack blocks for an organization change alert', () => {
  it('names the member account (id and name) and region in the context line and the fallback text', () => {
    const account = { id: '222222222222', name: 'Production <!channel> Account', region: 'eu-central-1' };
    const message = slackMessageFor(JSON.stringify(changeAlert({ account })));
    const context = blockTexts(message).find((text) => text.startsWith('account '));
    expect(context).toBe(
      'account 222222222222 (Production &lt;!channel&gt; Account) eu-central-1 · event evt-open-1 · at 2026-01-15T09:12:00Z · detected 2026-01-15T09:12:03.000Z',
    );
    expect(message.text).toContain(
      'production 222222222222 (Production &lt;!channel&gt; Account) eu-central-1 ',
    );
  });

  it('a single-account alert has no account line', () => {
    expect(
      blockTexts(slackMessageFor(JSON.stringify(changeAlert()))).some((t) => t.startsWith('account ')),
    ).toBe(false);
  });
});

describe('notify: Slack escaping', () => {
  it('escapes &, < and > so nothing becomes a mention or a link', () => {
    expect(escapeMrkdwn(INJECTION)).toBe(ESCAPED_INJECTION);
  });
});

describe('notify: Slack blocks for a change alert', () => {
  const message = slackMessageFor(JSON.stringify(changeAlert()));
  const texts = blockTexts(message);

  it('opens with a header of severity, environment and group', () => {
    expect(message.blocks?.[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':rotating_light: CRITICAL · production · thebot-database-sg changed',
        emoji: true,
      },
    });
  });

  it('names the group and its role', () => {
    expect(texts).toContain(`*Group:* \`thebot-database-sg\` (${DATABASE}) · role *database*`);
  });

  it('shows before and after for each rule change, descriptions escaped', () => {
    const changed = texts.find((text) => text.startsWith('*What changed*')) ?? '';
    expect(changed).toContain(
      `• before: _absent_ → after: \`ingress 5432/tcp from 0.0.0.0/0 "${ESCAPED_INJECTION}"\``,
    );
    expect(changed).toContain('• before: `sgr-0456` → after: _absent_');
  });

  it('says who, from where, escaping the session name', () => {
    const who = texts.find((text) => text.startsWith('*Who:*')) ?? '';
    expect(who).toContain('*Who:* &lt;!here&gt;ryan');
    expect(who).toContain('from 198.51.100.7');
    expect(who).toContain('_user agent:_ `aws-cli/2.15`');
  });

  it('lists the top findings with their baseline rule ids and compliance', () => {
    const findings = texts.find((text) => text.startsWith('*Top findings*')) ?? '';
    expect(findings).toContain(':rotating_light: *CRITICAL* `permissive-rules` · HIPAA, PCI-DSS');
    expect(findings).toContain('`missing-rules` · baseline rule `database_from_backend` · HIPAA');
  });

  it('never lets a raw <!channel> or <!here> through, anywhere', () => {
    expect(allText(message)).not.toMatch(/<!channel>|<!here>|<https:/);
    expect(message.text).toBe(
      'CRITICAL production thebot-database-sg: security group changed by &lt;!here&gt;ryan',
    );
  });

  it('shows no revert section when the outcome is null, and the outcome lines when present', () => {
    expect(texts.some((text) => text.startsWith('*Revert:*'))).toBe(false);
    const reverted = blockTexts(
      slackMessageFor(JSON.stringify(changeAlert({ outcome: { lines: ['reverted sgr-0123 <ok>'] } }))),
    );
    expect(reverted).toContain('*Revert:* reverted sgr-0123 &lt;ok&gt;');
  });

  it('says how many findings are not shown', () => {
    const many = changeAlert({ omittedFindings: 3 });
    many.findings = Array(7).fill(changeAlert().findings[0]);
    const findings = blockTexts(slackMessageFor(JSON.stringify(many))).find((t) =>
      t.startsWith('*Top findings*'),
    );
    expect(findings).toContain('_… and 5 more findings_');
  });

  it('renders an alert with missing or odd fields without throwing', () => {
    const odd = slackMessageFor(
      JSON.stringify({ kind: 'change', groups: 'x', changes: [null, 3], actor: 7 }),
    );
    expect(odd.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(odd.text).toContain('INFO unknown');
  });
});

describe('notify: Slack blocks for an audit digest', () => {
  const result = withFindings(addRule(compliantResult(), 'database', ingress('tcp', 5432, 5432, WORLD_V4)), [
    findingOn('database', {
      check: 'permissive-rules',
      severity: 'CRITICAL',
      message: `open to the world ${INJECTION}`,
      compliance: ['HIPAA'],
    }),
    findingOn('redis', { check: 'missing-tags', severity: 'LOW' }),
  ]);
  const digest = buildAuditDigest(result);
  const message = slackMessageFor(JSON.stringify(digest.json));

  it('has a header with the compliance word and the environment, and the counts as fields', () => {
    expect(message.blocks?.[0]).toMatchObject({
      text: { text: ':rotating_light: NON-COMPLIANT · production · daily security group audit' },
    });
    expect(message.blocks?.[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Critical*\n1' },
        { type: 'mrkdwn', text: '*High*\n0' },
        { type: 'mrkdwn', text: '*Medium*\n0' },
        { type: 'mrkdwn', text: '*Low*\n1' },
        { type: 'mrkdwn', text: `*Groups scanned*\n${result.summary.groups}` },
        { type: 'mrkdwn', text: `*Rules scanned*\n${result.summary.rules}` },
        { type: 'mrkdwn', text: '*Suppressed*\n0' },
      ],
    });
    expect(message.text).toBe(
      '[NON-COMPLIANT] production security group audit: 1 critical, 0 high, 0 medium, 1 low',
    );
  });

  it('lists the top findings, messages escaped', () => {
    const findings = blockTexts(message).find((text) => text.startsWith('*Top findings*')) ?? '';
    expect(findings).toContain(`open to the world ${ESCAPED_INJECTION}`);
    expect(allText(message)).not.toContain('<!channel>');
  });

  it('says when the estate is compliant', () => {
    const compliant = slackMessageFor(JSON.stringify(buildAuditDigest(compliantResult()).json));
    expect(compliant.blocks?.[0]).toMatchObject({
      text: { text: ':white_check_mark: COMPLIANT · production · daily security group audit' },
    });
    expect(blockTexts(compliant)).toContain('*Findings:* none, the groups match the baseline');
  });
});

describe('notify: Slack messages for anything else on the topic', () => {
  it('posts a plain-text message as escaped text with its subject', () => {
    expect(slackMessageFor('test from the console <!channel>', 'Hello & welcome')).toEqual({
      text: 'Hello &amp; welcome\ntest from the console &lt;!channel&gt;',
    });
  });

  it('posts JSON that is not an alert as text', () => {
    expect(slackMessageFor('{"kind":"other"}')).toEqual({ text: '{"kind":"other"}' });
    expect(slackMessageFor('[1,2]')).toEqual({ text: '[1,2]' });
  });

  it('shows a CloudWatch alarm state change', () => {
    const alarm = slackMessageFor(
      JSON.stringify({
        AlarmName: 'sg-drift-monitor-production-critical-drift',
        NewStateValue: 'ALARM',
        NewStateReason: 'Threshold Crossed: 1 datapoint [2.0] was >= 1.0',
      }),
    );
    expect(alarm.text).toBe('CloudWatch alarm sg-drift-monitor-production-critical-drift is ALARM');
    expect(blockTexts(alarm)).toEqual([
      ':bell: CloudWatch alarm ALARM',
      '*sg-drift-monitor-production-critical-drift*\nThreshold Crossed: 1 datapoint [2.0] was &gt;= 1.0',
    ]);
  });
});
