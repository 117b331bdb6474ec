import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sgdrift } from './run';

function truncatedFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-replay-')), 'event.json');
  writeFileSync(file, '{"detail-type": "AWS API Call via CloudTrail", "detail": {');
  return file;
}

const EVENTS = 'examples/events';

describe('sgdrift replay', () => {
  it('prints the CRITICAL alert for the database opened to the world', async () => {
    const { code, stdout } = await sgdrift(
      'replay',
      `${EVENTS}/database-sg-5432-open-to-world-console.json`,
      '--snapshot',
      'examples/production-drifted.json',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Subject: CRITICAL production thebot-database-sg: 5432/tcp opened to 0.0.0.0/0 by jane.doe@example.com',
    );
    expect(stdout).toContain('via the AWS console from 198.51.100.23');
  });

  it('names the removed baseline rule when replayed against the estate after the revoke', async () => {
    const { stdout } = await sgdrift(
      'replay',
      `${EVENTS}/database-sg-revoke-baseline-rule.json`,
      '--snapshot',
      'examples/production-after-revoke.json',
      '--format',
      'json',
    );
    const { event, alert } = JSON.parse(stdout);
    expect(event).toMatchObject({
      eventName: 'RevokeSecurityGroupIngress',
      groupIds: ['sg-0a1b2c3d4e5f60004'],
    });
    expect(event.changes).toMatchObject([
      { action: 'removed', direction: 'ingress', rule: { fromPort: 5432 } },
    ]);
    expect(alert.findings).toMatchObject([
      { check: 'missing-rules', baselineRuleId: 'database_from_backend' },
    ]);
  });

  it('publishes nothing for a compliant description update', async () => {
    const { stdout } = await sgdrift(
      'replay',
      `${EVENTS}/frontend-sg-description-update-compliant.json`,
      '--snapshot',
      'examples/production-compliant.json',
      '--format',
      'json',
    );
    expect(JSON.parse(stdout).alert).toBeNull();
  });

  it('reports a foreign event (an EventBridge Scheduled Event) as skipped, with the reason', async () => {
    const { stdout } = await sgdrift(
      'replay',
      'test/fixtures/cloudtrail/ScheduledEvent/awsdocs-eventbridge-scheduled-event.json',
      '--snapshot',
      'examples/production-compliant.json',
      '--format',
      'json',
    );
    expect(JSON.parse(stdout)).toEqual({ event: { skipped: 'not-security-group-event' }, alert: null });
  });

  it.each([
    ['a missing event file', 'no-such-event.json', /no-such-event\.json: cannot read file/],
    ['a truncated event file', 'TRUNCATED', /invalid JSON/],
  ])('refuses %s with exit 2 and one line', async (_case, file, message) => {
    const path = file === 'TRUNCATED' ? truncatedFile() : file;
    const { code, stderr } = await sgdrift('replay', path);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('sgdrift replay: input the Lambda would count as unparseable', () => {
  it('is exit 2 naming the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-replay-')), 'event.json');
    writeFileSync(
      file,
      JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: 'oops' }),
    );
    const { code, stdout, stderr } = await sgdrift(
      'replay',
      file,
      '--snapshot',
      'examples/production-compliant.json',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${file}: not a readable CloudTrail event`);
  });

  it('reads MAX_REVERT_RULES as the Lambda does', async () => {
    process.env.MAX_REVERT_RULES = 'abc';
    try {
      const { code, stderr } = await sgdrift(
        'replay',
        'examples/events/database-sg-5432-open-to-world-console.json',
        '--snapshot',
        'examples/production-drifted.json',
        '--auto-revert',
        'dry-run',
      );
      expect(code).toBe(2);
      expect(stderr.trim()).toBe("sgdrift: MAX_REVERT_RULES: must be a positive integer, got 'abc'");
    } finally {
      delete process.env.MAX_REVERT_RULES;
    }
  });

  it('replays an attachment event: the instance it names, the groups it carries, not reverted and why', async () => {
    const { code, stdout } = await sgdrift(
      'replay',
      `${EVENTS}/database-sg-on-public-instance-modify-instance-attribute.json`,
      '--snapshot',
      'examples/production-database-on-public-instance.json',
      '--auto-revert',
      'dry-run',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const { event, alert } = JSON.parse(stdout);
    expect(event).toMatchObject({
      eventName: 'ModifyInstanceAttribute',
      attachments: [
        { interfaceId: null, instanceId: 'i-0a1b2c3d4e5f60099', groupIds: ['sg-0a1b2c3d4e5f60004'] },
      ],
    });
    expect(alert).toMatchObject({
      severity: 'CRITICAL',
      findings: [
        { check: 'internet-exposed-roles', groupId: 'sg-0a1b2c3d4e5f60004' },
        // The baseline says RDS carries the database group, not an EC2 instance.
        { check: 'unexpected-carriers', groupId: 'sg-0a1b2c3d4e5f60004' },
      ],
      outcome: {
        status: 'not-revertible',
        results: [
          { status: 'skipped', checks: ['internet-exposed-roles'] },
          { status: 'skipped', checks: ['unexpected-carriers'] },
        ],
      },
    });
  });

  it('the same event against a snapshot without the instance has nothing exposed to alert', async () => {
    const { stdout } = await sgdrift(
      'replay',
      `${EVENTS}/database-sg-on-public-instance-modify-instance-attribute.json`,
      '--snapshot',
      'examples/production-compliant.json',
    );
    expect(stdout).toContain('ModifyInstanceAttribute 5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b: no alert');
  });
});
