import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './built-cli';
import { sgdrift } from './run';

const COMPLIANT = 'examples/production-compliant.json';
const EVENT =
  'test/fixtures/cloudtrail/AuthorizeSecurityGroupIngress/cloudtrail-watcher-terraform-v2-rule-set.json';
// A child that hangs (a FIFO opened for reading) or grows (/dev/zero) is killed well before jest's timeout.
const SPAWN_TIMEOUT_MS = 10_000;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sgdrift-input-'));
}

/** The built CLI, as a person runs it: real file descriptors, real exit code. */
function runBuilt(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    env: { ...process.env, ...env },
  });
}

describe('sgdrift: input files are regular files under a size cap', () => {
  it('refuses -s /dev/zero at once, one line, exit 2', () => {
    const result = runBuilt(['audit', '-e', 'production', '-s', '/dev/zero']);
    expect(result.stderr).toBe('sgdrift: /dev/zero: not a regular file (a character device)\n');
    expect(result.status).toBe(2);
  });

  it('refuses a FIFO without waiting for a writer, exit 2', () => {
    const fifo = join(tempDir(), 'snapshot.json');
    execFileSync('mkfifo', [fifo]);
    const result = runBuilt(['audit', '-e', 'production', '-s', fifo]);
    expect(result.stderr).toBe(`sgdrift: ${fifo}: not a regular file (a FIFO)\n`);
    expect(result.status).toBe(2);
  });

  it.each([
    ['a snapshot', (dir: string) => ['audit', '-e', 'production', '-s', dir]],
    ['a baseline', (dir: string) => ['audit', '-e', 'production', '-s', COMPLIANT, '-b', dir]],
    [
      'a compiled baseline',
      (dir: string) => ['audit', '-e', 'production', '-s', COMPLIANT, '-b', `${dir}/x.json`],
    ],
    ['an event', (dir: string) => ['replay', dir, '-s', COMPLIANT]],
  ])('refuses a directory as %s, exit 2', async (_what, argv) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x.json'));
    const args = argv(dir);
    const named = args.find((arg) => arg.startsWith(dir)) ?? '';
    const { code, stderr } = await sgdrift(...args);
    expect(stderr).toBe(`sgdrift: ${named}: not a regular file (a directory)\n`);
    expect(code).toBe(2);
  });

  describe(`with SGDRIFT_MAX_INPUT_BYTES`, () => {
    const saved = process.env.SGDRIFT_MAX_INPUT_BYTES;
    afterEach(() => {
      if (saved === undefined) delete process.env.SGDRIFT_MAX_INPUT_BYTES;
      else process.env.SGDRIFT_MAX_INPUT_BYTES = saved;
    });

    it.each([
      ['a snapshot', ['audit', '-e', 'production', '-s', COMPLIANT], COMPLIANT],
      ['a baseline', ['baseline', 'validate', 'baselines/thebot.yml'], 'baselines/thebot.yml'],
      [
        'a compiled baseline',
        ['audit', '-e', 'production', '-s', COMPLIANT, '-b', 'baselines/thebot.compiled.json'],
        'baselines/thebot.compiled.json',
      ],
      ['an event', ['replay', EVENT, '-s', COMPLIANT], EVENT],
      [
        "an organization audit's baseline",
        [
          'audit',
          '--accounts',
          'baselines/accounts.yml',
          '--role-name',
          'sgdrift-member',
          '-b',
          'baselines/thebot.yml',
        ],
        'baselines/thebot.yml',
      ],
    ])('refuses %s larger than the cap, naming the file and the variable', async (_what, argv, file) => {
      const size = readFileSync(join(ROOT, file)).length;
      // One byte under this file; the command reads it before any other file.
      process.env.SGDRIFT_MAX_INPUT_BYTES = String(size - 1);
      const { code, stderr } = await sgdrift(...argv);
      expect(stderr).toBe(
        `sgdrift: ${file}: ${size} bytes or more, over the input limit of ${size - 1} bytes (SGDRIFT_MAX_INPUT_BYTES)\n`,
      );
      expect(code).toBe(2);
    });

    it.each([
      ['accounts compile', (file: string) => ['accounts', 'compile', file]],
      [
        'an organization audit',
        (file: string) => ['audit', '--accounts', file, '--role-name', 'sgdrift-member'],
      ],
    ])('refuses an accounts map larger than the cap in %s', async (_what, argv) => {
      // Larger than the baseline, which is read first and must pass.
      const baselineSize = readFileSync(join(ROOT, 'baselines/thebot.yml')).length;
      const shipped = readFileSync(join(ROOT, 'baselines/accounts.yml'), 'utf8');
      const file = join(tempDir(), 'accounts.yml');
      writeFileSync(file, `${'# padding\n'.repeat(Math.ceil(baselineSize / 10) + 10)}${shipped}`);
      const size = readFileSync(file).length;
      process.env.SGDRIFT_MAX_INPUT_BYTES = String(size - 1);
      const { code, stderr } = await sgdrift(...argv(file));
      expect(stderr).toBe(
        `sgdrift: ${file}: ${size} bytes or more, over the input limit of ${size - 1} bytes (SGDRIFT_MAX_INPUT_BYTES)\n`,
      );
      expect(code).toBe(2);
    });

    it('refuses a cap that is not a positive number, exit 2', async () => {
      process.env.SGDRIFT_MAX_INPUT_BYTES = '10MB';
      const { code, stderr } = await sgdrift('audit', '-e', 'production', '-s', COMPLIANT);
      expect(stderr).toBe(
        "sgdrift: SGDRIFT_MAX_INPUT_BYTES: expected a positive number of bytes, got '10MB'\n",
      );
      expect(code).toBe(2);
    });
  });
});

describe('sgdrift: --output is written atomically', () => {
  it('leaves the old file intact and no temporary file when the write fails', () => {
    const dir = tempDir();
    const output = join(dir, 'thebot.compiled.json');
    writeFileSync(output, 'the previous compiled baseline\n');
    // A 4 kB file-size limit (ulimit -f counts 512-byte blocks) makes the 12 kB write fail with EFBIG.
    const result = spawnSync(
      'sh',
      [
        '-c',
        'ulimit -f 8 && exec "$0" "$@"',
        process.execPath,
        BIN,
        'baseline',
        'compile',
        'baselines/thebot.yml',
        '--output',
        output,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS },
    );
    expect(result.stderr).toBe(`sgdrift: ${output}: cannot write file (EFBIG)\n`);
    expect(result.status).toBe(2);
    expect(readFileSync(output, 'utf8')).toBe('the previous compiled baseline\n');
    expect(readdirSync(dir)).toEqual(['thebot.compiled.json']);
  });

  it('replaces the old file whole when the write succeeds', async () => {
    const dir = tempDir();
    const output = join(dir, 'thebot.compiled.json');
    writeFileSync(output, 'the previous compiled baseline\n');
    const { code } = await sgdrift('baseline', 'compile', 'baselines/thebot.yml', '--output', output);
    expect(code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(
      readFileSync(join(ROOT, 'baselines/thebot.compiled.json'), 'utf8'),
    );
    expect(readdirSync(dir)).toEqual(['thebot.compiled.json']);
  });

  it('replaces a symlink at the target by the file, not writing through it; a private target keeps the file private', async () => {
    const dir = tempDir();
    const target = join(dir, 'elsewhere.json');
    writeFileSync(target, 'not to be overwritten\n');
    chmodSync(target, 0o600);
    const output = join(dir, 'thebot.compiled.json');
    symlinkSync(target, output);
    const { code } = await sgdrift('baseline', 'compile', 'baselines/thebot.yml', '--output', output);
    expect(code).toBe(0);
    expect(lstatSync(output).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('not to be overwritten\n');
    // The mode of what the link pointed at, not a symlink's own 0777.
    expect(statSync(output).mode & 0o777).toBe(0o600);
  });

  it('leaves nothing behind when the output path is a directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out.yml'));
    const { code, stderr } = await sgdrift(
      'baseline',
      'init',
      '-s',
      COMPLIANT,
      '-e',
      'production',
      '-o',
      join(dir, 'out.yml'),
    );
    expect(stderr).toMatch(/out\.yml: cannot write file \(E[A-Z]+\)\n$/);
    expect(code).toBe(2);
    expect(readdirSync(dir)).toEqual(['out.yml']);
  });
});
