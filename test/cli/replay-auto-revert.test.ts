import { join } from 'node:path';
import { run } from '../../src/cli/main';

const EXAMPLES = join(__dirname, '../../examples');
const DRIFTED = join(EXAMPLES, 'production-drifted.json');
const OPEN_DATABASE_EVENT = join(EXAMPLES, 'events/database-sg-5432-open-to-world-console.json');

async function replayJson(...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    ['replay', OPEN_DATABASE_EVENT, '--snapshot', DRIFTED, '--format', 'json', ...extra],
    {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    },
  );
  return { code, stderr: err.join('\n'), output: out.length > 0 ? JSON.parse(out.join('\n')) : null };
}

describe('cli: sgdrift replay --auto-revert', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('off by default: the alert carries no revert outcome', async () => {
    const { code, output } = await replayJson();
    expect(code).toBe(0);
    expect(output.alert.outcome).toBeNull();
  });

  it('dry-run: shows the revoke the handler would plan', async () => {
    const { output } = await replayJson('--auto-revert', 'dry-run');
    expect(output.alert.outcome).toMatchObject({
      mode: 'dry-run',
      status: 'planned',
      results: [
        { status: 'planned', action: 'revoke', groupName: 'thebot-database-sg', rule: { fromPort: 5432 } },
      ],
    });
  });

  it('enforce on a snapshot: applies in memory and verifies', async () => {
    const { output } = await replayJson('--auto-revert', 'enforce');
    expect(output.alert.outcome).toMatchObject({ mode: 'enforce', status: 'applied', verified: true });
    expect(output.alert.outcome.results[0]).toMatchObject({ status: 'reverted' });
  });

  it('honours ALLOWED_PRINCIPALS from the environment', async () => {
    process.env.ALLOWED_PRINCIPALS = 'arn:aws:iam::*:role/platformadmin';
    const { output } = await replayJson('--auto-revert', 'enforce');
    expect(output.alert.outcome).toMatchObject({ status: 'authorized' });
  });

  it('refuses enforce against live AWS', async () => {
    const err: string[] = [];
    const code = await run(['replay', OPEN_DATABASE_EVENT, '--auto-revert', 'enforce'], {
      stdout: () => undefined,
      stderr: (text) => err.push(text),
    });
    expect(code).toBe(2);
    expect(err.join('')).toContain('replay: --auto-revert enforce needs --snapshot');
  });

  it('rejects an unknown mode', async () => {
    const { code, stderr } = await replayJson('--auto-revert', 'yes');
    expect(code).toBe(2);
    expect(stderr).toContain('replay: --auto-revert must be one of off, dry-run, enforce');
  });
});
