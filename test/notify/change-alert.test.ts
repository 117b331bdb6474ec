import type { ChangeAssessment } from '../../src/app/assess-change';
import type { Actor, ChangeEvent, RuleChange } from '../../src/events/types';
import type { Rule } from '../../src/model/types';
import { buildChangeAlert, MAX_ALERT_ITEMS } from '../../src/notify/change-alert';
import { SNS_MAX_MESSAGE_BYTES } from '../../src/notify/limits';
import { snsMessageBody } from '../../src/notify/sns-message';
import type { Finding } from '../../src/rules/types';

const DATABASE = 'sg-0a1b2c3d4e5f60004';
const LONG_DESCRIPTION = 'x'.repeat(255);
const ACTOR: Actor = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com',
  principalArn: 'arn:aws:iam::123456789012:role/Admin',
  accountId: '123456789012',
  userName: 'Admin',
  sessionName: 'alice@example.com',
  invokedBy: null,
  sourceIp: '198.51.100.23',
  userAgent: 'console.ec2.amazonaws.com',
  viaConsole: true,
};

function rule(index: number): Rule {
  return {
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: 5432,
    toPort: 5432,
    peer: { kind: 'cidr4', value: `198.51.${Math.floor(index / 256)}.${index % 256}/32` },
    description: LONG_DESCRIPTION,
  };
}

function changeOf(count: number): { event: ChangeEvent; assessment: ChangeAssessment } {
  const changes: RuleChange[] = Array.from({ length: count }, (_, index) => ({
    action: 'added',
    groupId: DATABASE,
    direction: 'ingress',
    rule: rule(index),
    ruleId: null,
  }));
  const related: Finding[] = changes.map((_change, index) => ({
    check: 'unexpected-rules',
    severity: 'CRITICAL',
    groupId: DATABASE,
    groupName: 'thebot-database-sg',
    role: 'database',
    direction: 'ingress',
    rule: rule(index),
    baselineRuleId: null,
    message: `thebot-database-sg has a rule the baseline does not declare (${index}) ${LONG_DESCRIPTION}`,
    compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
    remediation: 'Revoke the rule.',
  }));
  const event: ChangeEvent = {
    eventId: 'evt-many',
    eventName: 'AuthorizeSecurityGroupIngress',
    eventTime: '2026-11-27T10:00:00Z',
    region: 'eu-west-1',
    account: '123456789012',
    actor: ACTOR,
    groupIds: [DATABASE],
    groupNames: [],
    changes,
  };
  const assessment: ChangeAssessment = {
    groups: [{ groupId: DATABASE, groupName: 'thebot-database-sg', role: 'database' }],
    related,
    remaining: related,
    severity: 'CRITICAL',
  };
  return { event, assessment };
}

const DETECTED = new Date('2026-11-27T10:00:02Z');

describe('change alert', () => {
  it('lists every change and finding of an ordinary event', () => {
    const alert = buildChangeAlert({ environment: 'production', ...changeOf(2), detectedAt: DETECTED });
    expect(alert.json).toMatchObject({ omittedChanges: 0, omittedFindings: 0 });
    expect(alert.subject).toBe(
      'CRITICAL production thebot-database-sg: 5432/tcp opened to 198.51.0.0/32 by alice@example.com',
    );
  });

  it('stays under the SNS limit, as valid JSON, for an event adding hundreds of long-described rules', () => {
    const alert = buildChangeAlert({ environment: 'production', ...changeOf(400), detectedAt: DETECTED });
    const body = snsMessageBody(alert);
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    const machine = JSON.parse(JSON.parse(body).sqs);
    expect(machine.changes.length).toBeLessThanOrEqual(MAX_ALERT_ITEMS);
    expect(machine.changes.length + machine.omittedChanges).toBe(400);
    expect(machine.findings.length + machine.omittedFindings).toBe(400);
    expect(alert.text).toContain('more changes');
  });

  it('cuts user-controlled descriptions to a safe length', () => {
    const { event, assessment } = changeOf(1);
    const first = event.changes[0];
    if (first?.rule) first.rule.description = 'y'.repeat(5000);
    const alert = buildChangeAlert({ environment: 'production', event, assessment, detectedAt: DETECTED });
    const json = alert.json as { changes: { rule: Rule }[] };
    expect(json.changes[0]?.rule.description?.length).toBeLessThanOrEqual(256);
  });
});
