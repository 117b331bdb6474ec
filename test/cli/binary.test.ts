import { spawn, spawnSync } from 'node:child_process';
import { BIN, ROOT } from './built-cli';

// The bundled CLI that `npm ci` builds (prepare) and `npm start` runs: exit codes and stderr for real.
describe('sgdrift (the built binary)', () => {
  it('exits 1 on the drifted example and 0 on the compliant one', () => {
    const drifted = spawnSync(BIN, ['audit', '-e', 'production', '-s', 'examples/production-drifted.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(drifted.status).toBe(1);
    const compliant = spawnSync(
      BIN,
      ['audit', '-e', 'production', '-s', 'examples/production-compliant.json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(compliant.status).toBe(0);
  });

  it('prints one line and no stack trace for a missing snapshot, exit 2', () => {
    const result = spawnSync(BIN, ['audit', '-e', 'production', '-s', 'nope.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('sgdrift: nope.json: cannot read file (ENOENT)\n');
  });

  it('ends quietly with 141 (as if killed by SIGPIPE) when the reader closes the pipe early', async () => {
    // `sgdrift audit … | head -1`: the reader is gone before the report is written.
    const child = spawn(
      process.execPath,
      [BIN, 'audit', '-e', 'production', '-s', 'examples/production-drifted.json'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('close', (status) => resolve(status)),
    );
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });
});
