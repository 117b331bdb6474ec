import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAccountsFile, parseAccountsMap } from '../../src/baseline/accounts';
import { compileAccountsMap } from '../../src/baseline/compile-accounts';
import { loadCompiledAccounts } from '../../src/baseline/compiled-accounts';
import { InputError } from '../../src/errors';

const ROOT = join(__dirname, '../..');
const ACCOUNTS_YAML = join(ROOT, 'baselines/accounts.yml');
const COMPILED = join(ROOT, 'baselines/accounts.compiled.json');
const ENVIRONMENTS = ['production', 'staging'];

function writeCompiled(edit: (compiled: { accounts: Record<string, unknown>[] }) => void): string {
  const compiled = JSON.parse(readFileSync(COMPILED, 'utf8'));
  edit(compiled);
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-')), 'accounts.compiled.json');
  writeFileSync(file, JSON.stringify(compiled));
  return file;
}

describe('accounts map: compiled for the central change function', () => {
  it('is committed in step with baselines/accounts.yml (run npm run accounts:compile after editing it)', () => {
    const fresh = compileAccountsMap(loadAccountsFile(ACCOUNTS_YAML, ENVIRONMENTS), 'baselines/accounts.yml');
    expect(readFileSync(COMPILED, 'utf8')).toBe(fresh);
  });

  it('lists the accounts named by id with their defaults applied, and no OU entry', () => {
    const map = parseAccountsMap(
      `version: 1
defaults: { environment: production, regions: [eu-west-1] }
accounts:
  - id: "222222222222"
    autoRevert: enforce
organizationalUnits:
  - id: ou-abcd-12345678
`,
      'accounts.yml',
      ENVIRONMENTS,
    );
    expect(JSON.parse(compileAccountsMap(map, 'accounts.yml')).accounts).toEqual([
      { id: '222222222222', environment: 'production', regions: ['eu-west-1'], autoRevert: 'enforce' },
    ]);
  });

  it('loads the committed map by account id', () => {
    const accounts = loadCompiledAccounts(COMPILED, ENVIRONMENTS);
    expect(accounts.get('333333333333')).toEqual({
      id: '333333333333',
      name: 'Development Account',
      environment: 'staging',
      regions: ['eu-west-1'],
      autoRevert: 'off',
    });
  });

  it.each([
    [
      'an unknown key',
      (c: { accounts: Record<string, unknown>[] }) => Object.assign(c.accounts[0] as object, { role: 'x' }),
      'accounts[0].role: unknown key',
    ],
    [
      'an id that is not 12 digits',
      (c: { accounts: Record<string, unknown>[] }) => Object.assign(c.accounts[0] as object, { id: '2222' }),
      'accounts[0].id: "2222" is not an account id',
    ],
    [
      'a duplicate id',
      (c: { accounts: Record<string, unknown>[] }) =>
        Object.assign(c.accounts[1] as object, { id: '222222222222' }),
      'accounts[1].id: duplicate 222222222222',
    ],
    [
      'an environment the baseline lacks',
      (c: { accounts: Record<string, unknown>[] }) =>
        Object.assign(c.accounts[0] as object, { environment: 'qa' }),
      'accounts[0].environment: unknown environment "qa"',
    ],
    [
      'a region typo',
      (c: { accounts: Record<string, unknown>[] }) =>
        Object.assign(c.accounts[0] as object, { regions: ['eu-west1'] }),
      'accounts[0].regions[0]: "eu-west1" is not a region name',
    ],
    [
      'an unknown auto-revert mode',
      (c: { accounts: Record<string, unknown>[] }) =>
        Object.assign(c.accounts[0] as object, { autoRevert: 'on' }),
      'accounts[0].autoRevert: must be one of off, dry-run, enforce',
    ],
  ])('refuses %s in one line naming the file and the field', (_what, edit, message) => {
    const file = writeCompiled(edit);
    expect(() => loadCompiledAccounts(file, ENVIRONMENTS)).toThrow(InputError);
    expect(() => loadCompiledAccounts(file, ENVIRONMENTS)).toThrow(`${file}: ${message}`);
  });

  it('refuses a file that is not a compiled accounts map', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-')), 'accounts.json');
    writeFileSync(file, JSON.stringify({ version: 1 }));
    expect(() => loadCompiledAccounts(file, ENVIRONMENTS)).toThrow(
      `${file}: format: expected sg-drift-monitor/compiled-accounts@1`,
    );
  });
});
