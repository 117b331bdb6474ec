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
});
