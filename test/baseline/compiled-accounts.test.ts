import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listedTargets, loadAccountsFile, resolveAccount } from '../../src/baseline/accounts';
import { compileAccountsMap, loadCompiledAccounts } from '../../src/baseline/compiled-accounts';
import { DEFAULT_BASELINE_FILE } from '../../src/baseline/files';
import { loadBaselineFile } from '../../src/baseline/loader';
import { BaselineError } from '../../src/errors';

const ROOT = join(__dirname, '../..');
const YAML_MAP = join(ROOT, 'baselines/accounts.yml');
const COMPILED_MAP = join(ROOT, 'baselines/accounts.compiled.json');
const environments = Object.keys(loadBaselineFile(DEFAULT_BASELINE_FILE).environments);
const isEnvironment = (name: string) => environments.includes(name);
const OU = 'ou-examplerootid111-exampleouid111';

function compiledFile(edit: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(readFileSync(COMPILED_MAP, 'utf8'));
  edit(doc);
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-accounts-')), 'accounts.compiled.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('accounts map: compiled for the Lambdas', () => {
  it('is committed in step with baselines/accounts.yml (run npm run accounts:compile after editing it)', () => {
    const fresh = compileAccountsMap(loadAccountsFile(YAML_MAP, environments), 'baselines/accounts.yml');
    expect(readFileSync(COMPILED_MAP, 'utf8')).toBe(fresh);
  });

  it('resolves every account and OU exactly as the YAML map does', () => {
    const fromYaml = loadAccountsFile(YAML_MAP, environments);
    const fromJson = loadCompiledAccounts(COMPILED_MAP, isEnvironment);
    expect(listedTargets(fromJson)).toEqual(listedTargets(fromYaml));
    const context = { ouPath: [OU], organizationName: 'Test Account' };
    expect(resolveAccount(fromJson, '444444444444', context)).toEqual(
      resolveAccount(fromYaml, '444444444444', context),
    );
  });

  const defaults = (doc: Record<string, unknown>) => doc.defaults as Record<string, unknown>;
  const list = (doc: Record<string, unknown>, key: string) => doc[key] as Record<string, unknown>[];
  it.each([
    [
      'format',
      (doc: Record<string, unknown>) => {
        doc.format = 'other';
      },
      'format: expected',
    ],
    [
      'an unknown environment',
      (doc: Record<string, unknown>) => {
        defaults(doc).environment = 'qa';
      },
      'defaults.environment: unknown environment "qa"',
    ],
    [
      'an account id that lost its zeros',
      (doc: Record<string, unknown>) => {
        list(doc, 'accounts')[0] = { id: 22 };
      },
      'accounts[0].id: 22 is not a unique id',
    ],
    [
      'a region typo',
      (doc: Record<string, unknown>) => {
        list(doc, 'organizationalUnits')[0] = { id: OU, regions: ['eu-west1'] };
      },
      'organizationalUnits[0].regions: expected a non-empty list of region names',
    ],
    [
      'an unknown key',
      (doc: Record<string, unknown>) => {
        defaults(doc).autorevert = 'on';
      },
      'defaults.autorevert: unknown key',
    ],
    [
      'a region listed twice (the YAML refuses it)',
      (doc: Record<string, unknown>) => {
        list(doc, 'organizationalUnits')[0] = { id: OU, regions: ['eu-west-1', 'eu-west-1'] };
      },
      'organizationalUnits[0].regions: a region is listed twice',
    ],
    [
      'an account name the YAML refuses',
      (doc: Record<string, unknown>) => {
        list(doc, 'accounts')[0] = { ...list(doc, 'accounts')[0], name: `prod\u202e${'x'.repeat(500)}` };
      },
      'accounts[0].name: expected an account name of 1-50 characters',
    ],
  ])('refuses %s in one line naming the file and field', (_name, edit, message) => {
    const file = compiledFile(edit);
    expect(() => loadCompiledAccounts(file, isEnvironment)).toThrow(BaselineError);
    expect(() => loadCompiledAccounts(file, isEnvironment)).toThrow(`${file}: ${message}`);
  });
});
