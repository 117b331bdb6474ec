import {
  type AccountRegionItem,
  accountRegionItems,
  auditAccountRegion,
  auditAccountRegions,
} from '../../src/app/audit-account-region';
import { mapWithConcurrency } from '../../src/app/bounded-map';
import { createInMemoryReader } from '../../src/app/in-memory-reader';
import type { SecurityGroupReader } from '../../src/app/ports';
import type { AccountTarget } from '../../src/baseline/accounts';
import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../../src/baseline/loader';
import { InputError } from '../../src/errors';
import { readSnapshot } from '../../src/model/snapshot';
import { exampleSnapshot } from '../support/estates';

const PROD = '222222222222';
const DEV = '333333333333';
const production = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production');
const compliant = readSnapshot(exampleSnapshot('production-compliant'), 'compliant');
const drifted = readSnapshot(exampleSnapshot('production-drifted'), 'drifted');

const target = (accountId: string, regions: string[]): AccountTarget => ({
  accountId,
  name: `name of ${accountId}`,
  environment: 'production',
  regions,
  autoRevert: 'off',
  matchedBy: 'account',
});

/** A reader whose every call fails like an AWS error of that code. */
function failingReader(code: string): SecurityGroupReader {
  const fail = () =>
    Promise.reject(Object.assign(new Error(`${code}: not for you\nsecond line`), { name: code }));
  return {
    describeGroups: fail,
    describeGroupsByName: fail,
    describeGroupsByNameTag: fail,
    describeInterfaces: fail,
    listGroups: fail,
    listNetworkInterfaces: fail,
    listRouteTables: fail,
  };
}

const ITEM: AccountRegionItem = {
  accountId: PROD,
  accountName: 'Production Account',
  region: 'eu-west-1',
  environment: 'production',
};

describe('use case: audit one account × region', () => {
  it('expands targets into account × region items, or × the regions asked for', () => {
    const targets = [target(PROD, ['eu-west-1', 'us-east-1']), target(DEV, ['eu-west-1'])];
    expect(accountRegionItems(targets).map((item) => `${item.accountId} ${item.region}`)).toEqual([
      `${PROD} eu-west-1`,
      `${PROD} us-east-1`,
      `${DEV} eu-west-1`,
    ]);
    expect(
      accountRegionItems(targets, ['ap-south-1']).map((item) => `${item.accountId} ${item.region}`),
    ).toEqual([`${PROD} ap-south-1`, `${DEV} ap-south-1`]);
  });

  it('audits the account-region through its own reader, against its environment', async () => {
    const asked: string[] = [];
    const outcome = await auditAccountRegion(ITEM, {
      readerFor: (accountId, region) => {
        asked.push(`${accountId} ${region}`);
        return createInMemoryReader(drifted);
      },
      baselineFor: () => production,
    });
    expect(asked).toEqual([`${PROD} eu-west-1`]);
    expect(outcome.status).toBe('audited');
    expect(outcome.status === 'audited' && outcome.result.findings.length).toBeGreaterThan(0);
  });

  it('a read that fails is a named outcome with the AWS code and one line of message', async () => {
    const outcome = await auditAccountRegion(ITEM, {
      readerFor: () => failingReader('AccessDenied'),
      baselineFor: () => production,
    });
    expect(outcome).toEqual({
      ...ITEM,
      status: 'not-audited',
      failure: { code: 'AccessDenied', message: 'AccessDenied: not for you' },
    });
  });

  it('bad input is not a failed item: it stops the run (exit 2)', async () => {
    await expect(
      auditAccountRegion(ITEM, {
        readerFor: () => {
          throw new InputError("'x' is not a region name");
        },
        baselineFor: () => production,
      }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('one failing item never stops the others; outcomes keep the items order', async () => {
    const items = accountRegionItems([target(PROD, ['eu-west-1', 'us-east-1']), target(DEV, ['eu-west-1'])]);
    const outcomes = await auditAccountRegions(
      items,
      {
        readerFor: (accountId, region) =>
          region === 'us-east-1'
            ? failingReader('Throttling')
            : createInMemoryReader(accountId === PROD ? drifted : compliant),
        baselineFor: () => production,
      },
      2,
    );
    expect(outcomes.map((outcome) => `${outcome.accountId} ${outcome.region} ${outcome.status}`)).toEqual([
      `${PROD} eu-west-1 audited`,
      `${PROD} us-east-1 not-audited`,
      `${DEV} eu-west-1 audited`,
    ]);
  });
});

describe('bounded concurrency', () => {
  it('never has more than the limit in flight, and keeps the order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 3, async (value) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // Yield a value-dependent number of turns so the items finish out of order.
      for (let turn = 0; turn < value; turn += 1) await Promise.resolve();
      inFlight -= 1;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(3);
  });

  it('refuses a limit below one', async () => {
    await expect(mapWithConcurrency([1], 0, async (value) => value)).rejects.toBeInstanceOf(RangeError);
  });
});
