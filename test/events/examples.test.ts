// The constructed examples in examples/events (not real captures) parse to what their README says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSecurityGroupEvent } from '../../src/events/parse';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'events');
const WORLD_V4 = '0.0.0.0/0';
const DATABASE_SG = 'sg-0a1b2c3d4e5f60004';
const BACKEND_SG = 'sg-0a1b2c3d4e5f60003';
const FRONTEND_SG = 'sg-0a1b2c3d4e5f60002';

function parseExample(file: string) {
  const outcome = parseSecurityGroupEvent(JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')));
  if (outcome.kind !== 'change') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

describe('events: constructed examples against the example production estate', () => {
  it('database-sg 5432 opened to the world by an assumed-role console user', () => {
    const event = parseExample('database-sg-5432-open-to-world-console.json');
    expect(event.groupIds).toEqual([DATABASE_SG]);
    expect(event.actor).toMatchObject({
      type: 'AssumedRole',
      sessionName: 'jane.doe@example.com',
      viaConsole: true,
    });
    expect(event.changes).toEqual([
      expect.objectContaining({
        action: 'added',
        ruleId: 'sgr-0e0e0e0e0e0e00001',
        rule: expect.objectContaining({
          protocol: 'tcp',
          fromPort: 5432,
          peer: { kind: 'cidr4', value: WORLD_V4 },
        }),
      }),
    ]);
  });

  it('backend-sg SSH opened to the world from the CLI', () => {
    const event = parseExample('backend-sg-ssh-open-to-world-cli.json');
    expect(event.groupIds).toEqual([BACKEND_SG]);
    expect(event.actor).toMatchObject({ type: 'IAMUser', viaConsole: false });
    expect(event.changes[0]?.rule).toMatchObject({ protocol: 'tcp', fromPort: 22, toPort: 22 });
  });

  it('the baseline rule 5432-from-backend revoked from database-sg', () => {
    const event = parseExample('database-sg-revoke-baseline-rule.json');
    expect(event.changes).toEqual([
      expect.objectContaining({
        action: 'removed',
        groupId: DATABASE_SG,
        rule: expect.objectContaining({ fromPort: 5432, peer: { kind: 'group', value: BACKEND_SG } }),
      }),
    ]);
  });

  it('a compliant description update on frontend-sg', () => {
    const event = parseExample('frontend-sg-description-update-compliant.json');
    expect(event.changes).toEqual([
      expect.objectContaining({
        action: 'described',
        groupId: FRONTEND_SG,
        rule: expect.objectContaining({ fromPort: 443, description: 'HTTPS from the internet to the ALB' }),
      }),
    ]);
  });
});
