import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AUTO_REVERT_MODES } from '../../src/baseline/account-syntax';
import { loadAccountsFile, parseAccountsMap, resolveAccount } from '../../src/baseline/accounts';
import { DEFAULT_BASELINE_FILE, loadBaselineFile } from '../../src/baseline/loader';
import { activeAccounts, ouPathOf, parentOf } from '../../src/baseline/organization';
import { AutoRevertMode } from '../../src/config';
import { BaselineError } from '../../src/errors';

const ROOT = path.join(__dirname, '../..');
const ENVIRONMENTS = ['production', 'staging'];
const SOURCE = 'accounts.yml';
const PROD = '222222222222';
const DEV = '333333333333';
const TEST = '444444444444';
const EXAMPLE_OU = 'ou-examplerootid111-exampleouid111';
const OUTER_OU = 'ou-exam-outer111';

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/org', name), 'utf8')) as unknown;

const MAP = `version: 1
defaults:
  environment: production
  regions: [eu-west-1, eu-central-1]
accounts:
  - id: "${PROD}"
    name: Production Account
    autoRevert: enforce
  - id: "${DEV}"
    environment: staging
    regions: [us-east-1]
organizationalUnits:
  - id: ${EXAMPLE_OU}
    environment: staging
    autoRevert: dry-run
  - id: ${OUTER_OU}
    regions: [ap-southeast-2]
`;

const parse = (text: string) => parseAccountsMap(text, SOURCE, ENVIRONMENTS);

/** The one-line error of a map, or the empty string when it loads. */
function problemOf(text: string): string {
  try {
    parse(text);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(BaselineError);
    return (error as Error).message;
  }
}

describe('accounts map: loading', () => {
  it('loads the repository example against the bundled baseline', () => {
    const environments = Object.keys(loadBaselineFile(DEFAULT_BASELINE_FILE).environments);
    const map = loadAccountsFile(path.join(ROOT, 'baselines/accounts.yml'), environments);
    expect([...map.accounts.keys()]).toEqual([PROD, DEV]);
    expect([...map.organizationalUnits.keys()]).toEqual([EXAMPLE_OU]);
  });

  it('knows the same auto-revert modes as the monitor', () => {
    expect([...AUTO_REVERT_MODES].sort()).toEqual(Object.values(AutoRevertMode).sort());
  });

  it.each([
    [
      'an unknown key',
      MAP.replace('    name: Production Account', '    nmae: Production Account'),
      `${SOURCE}: accounts[0].nmae: unknown key (line 7)`,
    ],
    [
      'an unquoted account id',
      MAP.replace(`"${DEV}"`, '012345678901'),
      `${SOURCE}: accounts[1].id: write the account id in quotes ("012345678901"): unquoted, YAML reads a number and drops leading zeros (line 9)`,
    ],
    [
      'an account id of 11 digits',
      MAP.replace(`"${DEV}"`, '"33333333333"'),
      `${SOURCE}: accounts[1].id: "33333333333" is not an account id (12 digits) (line 9)`,
    ],
    [
      'a bad OU id',
      MAP.replace(EXAMPLE_OU, 'ou-12345678'),
      `${SOURCE}: organizationalUnits[0].id: not an organizational unit id (ou-xxxx-yyyyyyyy) (line 13)`,
    ],
    [
      'a bad region name',
      MAP.replace('[us-east-1]', '[us-east1]'),
      `${SOURCE}: accounts[1].regions[0]: not a region name (eu-west-1, us-east-1, …) (line 11)`,
    ],
    [
      // As the compiled map's check has it: in defaults too, or the Lambda would refuse what compile wrote.
      'a region listed twice in defaults',
      MAP.replace('regions: [eu-west-1, eu-central-1]', 'regions: [eu-west-1, eu-west-1]'),
      `${SOURCE}: defaults.regions[1]: duplicate region eu-west-1 (line 4)`,
    ],
    [
      'a region listed twice in an entry',
      MAP.replace('[us-east-1]', '[us-east-1, us-east-1]'),
      `${SOURCE}: accounts[1].regions[1]: duplicate region us-east-1 (line 11)`,
    ],
    [
      'an empty region list',
      MAP.replace('[us-east-1]', '[]'),
      `${SOURCE}: accounts[1].regions: list at least one region (line 11)`,
    ],
    [
      'an environment the baseline does not have',
      MAP.replace('environment: staging\n    regions', 'environment: qa\n    regions'),
      `${SOURCE}: accounts[1].environment: unknown environment 'qa' (the baseline has: production, staging) (line 10)`,
    ],
    [
      'a prototype name as environment',
      MAP.replace('environment: staging\n    regions', 'environment: constructor\n    regions'),
      `${SOURCE}: accounts[1].environment: unknown environment 'constructor' (the baseline has: production, staging) (line 10)`,
    ],
    [
      '__proto__ as a key',
      MAP.replace('    name: Production Account', '    __proto__: Production Account'),
      `${SOURCE}: accounts[0].__proto__: the name __proto__ is reserved (line 7)`,
    ],
    ['a duplicate account', `${MAP}accounts:\n`, `${SOURCE}: yaml: Map keys must be unique (line 18)`],
    [
      'the same account twice in the list',
      MAP.replace(`"${DEV}"`, `"${PROD}"`),
      `${SOURCE}: accounts[1].id: duplicate ${PROD} (also accounts[0]) (line 9)`,
    ],
    [
      'the same OU twice',
      MAP.replace(OUTER_OU, EXAMPLE_OU),
      `${SOURCE}: organizationalUnits[1].id: duplicate ${EXAMPLE_OU} (also organizationalUnits[0]) (line 16)`,
    ],
    [
      'a bad auto-revert mode',
      MAP.replace('autoRevert: enforce', 'autoRevert: true'),
      `${SOURCE}: accounts[0].autoRevert: expected "off" or "dry-run" or "enforce", got true (line 8)`,
    ],
    [
      'an entry without environment and no default',
      MAP.replace('  environment: production\n', ''),
      `${SOURCE}: accounts[0].environment: required (there is no defaults.environment) (line 5)`,
    ],
    [
      'a map with no entry',
      'version: 1\ndefaults:\n  environment: production\n',
      `${SOURCE}: accounts: list at least one account or organizational unit (line 1)`,
    ],
    [
      'a wrong version',
      MAP.replace('version: 1', 'version: 2'),
      `${SOURCE}: version: expected 1, got 2 (line 1)`,
    ],
  ])('%s is one line naming file, field and line', (_case, text, expected) => {
    const message = problemOf(text);
    expect(message).toBe(expected);
    expect(message).not.toContain('\n');
  });

  it('a missing file is one line naming it', () => {
    const load = () => loadAccountsFile('no/such/accounts.yml', ENVIRONMENTS);
    expect(load).toThrow(BaselineError);
    expect(load).toThrow(/^no\/such\/accounts\.yml: cannot read file \(ENOENT\)$/);
  });
});

describe('accounts map: resolution', () => {
  const map = parse(MAP);

  it('an account listed by id takes its own fields, the rest from defaults', () => {
    expect(resolveAccount(map, PROD)).toEqual({
      accountId: PROD,
      name: 'Production Account',
      environment: 'production',
      regions: ['eu-west-1', 'eu-central-1'],
      autoRevert: 'enforce',
      matchedBy: 'account',
    });
  });

  it('auto-revert is off unless the map turns it on', () => {
    expect(resolveAccount(map, DEV)?.autoRevert).toBe('off');
  });

  it('an explicit account entry wins over the OU it sits in', () => {
    expect(resolveAccount(map, DEV, { ouPath: [EXAMPLE_OU] })).toMatchObject({
      environment: 'staging',
      regions: ['us-east-1'],
      autoRevert: 'off',
      matchedBy: 'account',
    });
  });

  it('an account found in an OU takes the nearest OU entry, its name from Organizations', () => {
    expect(
      resolveAccount(map, TEST, { ouPath: [EXAMPLE_OU, OUTER_OU], organizationName: 'Test Account' }),
    ).toEqual({
      accountId: TEST,
      name: 'Test Account',
      environment: 'staging',
      regions: ['eu-west-1', 'eu-central-1'],
      autoRevert: 'dry-run',
      matchedBy: EXAMPLE_OU,
    });
    expect(resolveAccount(map, TEST, { ouPath: ['ou-exam-notinmap1', OUTER_OU] })).toMatchObject({
      environment: 'production',
      regions: ['ap-southeast-2'],
      matchedBy: OUTER_OU,
    });
  });

  it('an account the map covers neither by id nor by OU is not a target', () => {
    expect(resolveAccount(map, TEST)).toBeUndefined();
    expect(resolveAccount(map, TEST, { ouPath: ['ou-exam-notinmap1'] })).toBeUndefined();
    expect(resolveAccount(map, '__proto__')).toBeUndefined();
  });

  it('maps the real Organizations answers: members of an OU, its parents, their names', () => {
    const names = new Map(
      activeAccounts(fixture('awscli-example-organizations-list-accounts.json')).map((a) => [a.id, a.name]),
    );
    const members = activeAccounts(fixture('awscli-example-organizations-list-accounts-for-parent.json'));
    const parents = new Map([[TEST, parentOf(fixture('awscli-example-organizations-list-parents.json'))]]);
    expect(members.map((member) => member.id)).toEqual([DEV, TEST]);
    expect(names.get('111111111111')).toBe('Master Account');

    const targets = members.map((member) =>
      resolveAccount(map, member.id, {
        ouPath: ouPathOf(member.id, (id) => parents.get(id) ?? (id === DEV ? EXAMPLE_OU : undefined)),
        organizationName: names.get(member.id),
      }),
    );
    expect(targets.map((target) => [target?.accountId, target?.name, target?.matchedBy])).toEqual([
      [DEV, 'Development Account', 'account'],
      [TEST, 'Test Account', EXAMPLE_OU],
    ]);
  });

  it('skips suspended accounts and stops an OU walk at the root or a cycle', () => {
    const page = {
      Accounts: [
        { Id: PROD, Status: 'SUSPENDED' },
        { Id: DEV, State: 'ACTIVE', Status: 'ACTIVE' },
        { Id: 'x' },
      ],
    };
    expect(activeAccounts(page)).toEqual([{ id: DEV, name: undefined }]);
    const cycle = new Map([
      [TEST, EXAMPLE_OU],
      [EXAMPLE_OU, OUTER_OU],
      [OUTER_OU, EXAMPLE_OU],
    ]);
    expect(ouPathOf(TEST, (id) => cycle.get(id))).toEqual([EXAMPLE_OU, OUTER_OU]);
    expect(ouPathOf(TEST, (id) => (id === TEST ? 'r-examplerootid111' : undefined))).toEqual([]);
  });
});
