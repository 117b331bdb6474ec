import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listOrgAuditItems, type OrganizationDirectory } from '../../src/app/org-audit-items';
import { parseAccountsMap } from '../../src/baseline/accounts';
import { activeAccounts, organizationalUnitIds } from '../../src/baseline/organization';
import { UnitNotFoundError } from '../../src/errors';

const FIXTURES = join(__dirname, '../fixtures/org');
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, `awscli-example-organizations-${name}.json`), 'utf8'));

// The OU of the recorded ListAccountsForParent answer (accounts 333333333333 and 444444444444).
const RECORDED_OU = 'ou-examplerootid111-exampleouid111';
const NESTED_OU = 'ou-examplerootid111-nestedou9999';
const ENVIRONMENTS = ['production', 'staging'];

const MAP = `version: 1
defaults:
  environment: production
  regions: [eu-west-1, eu-central-1]
accounts:
  - id: "222222222222"
    name: Production Account
  - id: "333333333333"
    environment: staging
    regions: [us-east-1]
organizationalUnits:
  - id: ${RECORDED_OU}
    regions: [eu-west-1]
`;

/** Organizations as recorded: the OU's accounts from the CLI example; a nested OU when asked. */
function directory(children: Record<string, { accounts?: unknown; units?: string[] }>) {
  const calls: string[] = [];
  const fake: OrganizationDirectory = {
    async accountsForParent(parentId) {
      calls.push(`accounts ${parentId}`);
      return activeAccounts(children[parentId]?.accounts ?? { Accounts: [] });
    },
    async unitsForParent(parentId) {
      calls.push(`units ${parentId}`);
      return children[parentId]?.units ?? [];
    },
  };
  return { fake, calls };
}

const itemsText = (
  items: { accountId: string; region: string; environment: string; accountName?: string }[],
) => items.map((item) => `${item.accountId} ${item.region} ${item.environment} ${item.accountName ?? '-'}`);

describe('org audit: the item list', () => {
  it('listed accounts × their regions, then the OU’s accounts from Organizations; listed ids win', async () => {
    const map = parseAccountsMap(MAP, 'accounts.yml', ENVIRONMENTS);
    const { fake, calls } = directory({ [RECORDED_OU]: { accounts: fixture('list-accounts-for-parent') } });
    const listed = await listOrgAuditItems(map, fake);
    expect(itemsText(listed.items)).toEqual([
      '222222222222 eu-west-1 production Production Account',
      '222222222222 eu-central-1 production Production Account',
      // Listed by id: its own environment and regions, not the OU's.
      '333333333333 us-east-1 staging -',
      // Found under the OU: the OU entry's region, the name Organizations gives.
      '444444444444 eu-west-1 production Test Account',
    ]);
    expect(listed).toMatchObject({ listedAccounts: 2, unitAccounts: 1 });
    expect(calls).toEqual([`accounts ${RECORDED_OU}`, `units ${RECORDED_OU}`]);
  });

  it('walks nested OUs; the nearest OU entry of the map judges their accounts', async () => {
    const map = parseAccountsMap(
      `${MAP}  - id: ${NESTED_OU}\n    environment: staging\n    regions: [ap-southeast-2]\n`,
      'accounts.yml',
      ENVIRONMENTS,
    );
    const { fake } = directory({
      [RECORDED_OU]: { units: [NESTED_OU] },
      [NESTED_OU]: { accounts: fixture('list-accounts-for-parent') },
    });
    const listed = await listOrgAuditItems(map, fake);
    expect(itemsText(listed.items).slice(3)).toEqual(['444444444444 ap-southeast-2 staging Test Account']);
  });

  it('an OU tree that loops is walked once', async () => {
    const map = parseAccountsMap(MAP, 'accounts.yml', ENVIRONMENTS);
    const { fake, calls } = directory({
      [RECORDED_OU]: { units: [NESTED_OU] },
      [NESTED_OU]: { units: [RECORDED_OU], accounts: fixture('list-accounts-for-parent') },
    });
    await listOrgAuditItems(map, fake);
    expect(calls.filter((call) => call.startsWith('accounts'))).toEqual([
      `accounts ${RECORDED_OU}`,
      `accounts ${NESTED_OU}`,
    ]);
  });

  it('an OU entry Organizations no longer knows is skipped and named; the other accounts are still listed', async () => {
    const map = parseAccountsMap(`${MAP}  - id: ${NESTED_OU}\n`, 'accounts.yml', ENVIRONMENTS);
    const { fake } = directory({ [RECORDED_OU]: { accounts: fixture('list-accounts-for-parent') } });
    const accountsOf = fake.accountsForParent;
    fake.accountsForParent = async (parentId) => {
      if (parentId === NESTED_OU) throw new UnitNotFoundError(`${parentId}: no such organizational unit`);
      return accountsOf(parentId);
    };
    const listed = await listOrgAuditItems(map, fake);
    expect(listed.missingUnits).toEqual([NESTED_OU]);
    expect(itemsText(listed.items)).toHaveLength(4);
    // Anything else (throttling, a refused call) still fails the step, which retries it.
    fake.accountsForParent = async () => {
      throw Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' });
    };
    await expect(listOrgAuditItems(map, fake)).rejects.toThrow('slow down');
  });

  it('a map without OU entries never calls Organizations', async () => {
    const map = parseAccountsMap(MAP.split('organizationalUnits:')[0] ?? '', 'accounts.yml', ENVIRONMENTS);
    const { fake, calls } = directory({});
    expect((await listOrgAuditItems(map, fake)).items).toHaveLength(3);
    expect(calls).toEqual([]);
  });

  it('reads the OU ids of a recorded ListOrganizationalUnitsForParent answer (Id, else the ARN’s last part)', () => {
    expect(organizationalUnitIds(fixture('list-organizational-units-for-parent'))).toEqual([
      'ou-examplerootid111-exampleouid111',
      'ou-examplerootid111-exampleouid222',
    ]);
    expect(
      organizationalUnitIds({ OrganizationalUnits: [{ Id: 'ou-abcd-12345678' }, { Id: 'r-abcd' }, null] }),
    ).toEqual(['ou-abcd-12345678']);
  });
});
