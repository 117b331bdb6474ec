/**
 * Runs `serverless package` (osls, offline, no AWS credentials) for one stage-param combination and
 * returns the generated CloudFormation template. Each combination is packaged once per content of
 * serverless.yml, src/, baselines/, build/ and deploy/: the output is cached under os.tmpdir(), so the deploy suites
 * share it and a second run costs nothing.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The handlers serverless.yml points at; packaging without them would test dummies. */
export const HANDLER_FILES = [
  'src/handlers/security-group-change.ts',
  'src/handlers/daily-audit.ts',
  'src/handlers/slack-notifier.ts',
  'src/handlers/org-audit-list.ts',
  'src/handlers/org-audit-item.ts',
  'src/handlers/org-audit-digest.ts',
] as const;

/** What the project copy needs to package; node_modules is linked, not copied. */
const PROJECT_ENTRIES = [
  'serverless.yml',
  'package.json',
  'tsconfig.json',
  'src',
  'baselines',
  'build',
  // serverless.yml includes deploy/central-change.yml, central-audit.yml and central-audit-functions.yml.
  'deploy',
] as const;

/** Long enough for three cold osls + esbuild runs on a busy 2-core machine. */
export const PACKAGE_TIMEOUT_MS = 180_000;
const LOCK_STALE_MS = 240_000;

export interface StackCombination {
  /** Names the cache directory. */
  id: string;
  stage: string;
  params: Record<string, string>;
}

export interface PackagedStack {
  combination: StackCombination;
  dir: string;
  // biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON.
  template: any;
}

/** Fails, naming the files, when a handler serverless.yml references does not exist yet. */
export function assertHandlersExist(): void {
  const missing = HANDLER_FILES.filter((file) => !fs.existsSync(path.join(REPO_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(
      `Missing handler file(s): ${missing.join(', ')}. serverless.yml packages them; the deploy tests need the real handlers.`,
    );
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of everything that changes the package, so a stale cache is never reused. */
function contentHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...['serverless.yml', 'package.json'].map((file) => path.join(REPO_ROOT, file)),
    ...listFiles(path.join(REPO_ROOT, 'src')),
    ...listFiles(path.join(REPO_ROOT, 'baselines')),
    ...listFiles(path.join(REPO_ROOT, 'build')),
    ...listFiles(path.join(REPO_ROOT, 'deploy')),
  ];
  for (const file of files) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Other jest workers may package the same combination: one builds, the others wait for it. */
function withLock(lockDir: string, done: () => boolean, build: () => void): void {
  const deadline = Date.now() + PACKAGE_TIMEOUT_MS;
  while (!done()) {
    try {
      fs.mkdirSync(lockDir);
    } catch {
      const lock = fs.statSync(lockDir, { throwIfNoEntry: false });
      // A worker that died mid-build leaves its lock behind.
      if (lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS)
        fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir}`);
      sleep(250);
      continue;
    }
    try {
      if (!done()) build();
    } finally {
      fs.rmSync(lockDir, { recursive: true, force: true });
    }
  }
}

function runPackage(combination: StackCombination, outDir: string): void {
  // A private copy of the project: serverless-esbuild writes .esbuild/ into the service directory,
  // and several packages (or a developer's `npm run package`) may run at once.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `sgdrift-work-${combination.id}-`));
  try {
    for (const entry of PROJECT_ENTRIES) {
      const source = path.join(REPO_ROOT, entry);
      if (fs.existsSync(source)) fs.cpSync(source, path.join(workDir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    const cli = path.join(REPO_ROOT, 'node_modules/osls/bin/serverless.js');
    const params = Object.entries(combination.params).map(([key, value]) => `--param=${key}=${value}`);
    // No AWS credentials in the child: packaging must work offline, as in CI.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
    };
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      delete env[key];
    }
    const tmpOut = `${outDir}.partial`;
    fs.rmSync(tmpOut, { recursive: true, force: true });
    try {
      execFileSync(
        process.execPath,
        [cli, 'package', '--stage', combination.stage, ...params, '--package', tmpOut],
        { cwd: workDir, env, stdio: 'pipe', timeout: PACKAGE_TIMEOUT_MS },
      );
    } catch (error) {
      const failure = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `serverless package failed for ${combination.id}:\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`,
      );
    }
    fs.renameSync(tmpOut, outDir);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Packages `combination` (or reuses the cached package) and reads its template. */
export function packageStack(combination: StackCombination): PackagedStack {
  assertHandlersExist();
  const outDir = path.join(os.tmpdir(), `sgdrift-package-${contentHash()}-${combination.id}`);
  const templateFile = path.join(outDir, 'cloudformation-template-update-stack.json');
  withLock(
    `${outDir}.lock`,
    () => fs.existsSync(templateFile),
    () => runPackage(combination, outDir),
  );
  return { combination, dir: outDir, template: JSON.parse(fs.readFileSync(templateFile, 'utf8')) };
}
