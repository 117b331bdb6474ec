import { OrgAuditMetric, runOrgDigest } from '../../src/app/org-audit-digest';
import { recordOf } from '../../src/app/org-audit-item';
import { orgAuditRun, resultKey } from '../../src/app/org-audit-run';
import type { MetricDatum, OutgoingAlert } from '../../src/app/ports';
import { createLogger } from '../../src/logger';
import type { OrgDigestJson } from '../../src/notify/org-digest';
import { MemoryResultStore } from '../support/memory-result-store';

const run = orgAuditRun('run-7', '2026-11-28T06:00:00Z');
const BUCKET = 'sgdrift-org-results';
const PROD = '222222222222';
const DEV = '333333333333';
const item = (accountId: string, region: string) => ({
  accountId,
  accountName: accountId === PROD ? 'Production Account' : undefined,
  region,
  environment: 'production',
});
const ITEMS = [
  item(PROD, 'eu-west-1'),
  item(PROD, 'us-east-1'),
  item(DEV, 'eu-west-1'),
  item(DEV, 'us-east-1'),
];
const COUNTS = { CRITICAL: 2, HIGH: 1, MEDIUM: 0, LOW: 0 };

async function storeWithRun() {
  const store = new MemoryResultStore();
  await store.putJson(run.itemsKey, ITEMS);
  await store.putJson(resultKey(run, PROD, 'eu-west-1'), {
    ...item(PROD, 'eu-west-1'),
    accountName: 'Production Account',
    status: 'audited',
    findings: COUNTS,
    failure: null,
    report: { findings: [] },
  });
  await store.putJson(resultKey(run, PROD, 'us-east-1'), {
    ...item(PROD, 'us-east-1'),
    status: 'audited',
    findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
    failure: null,
  });
  await store.putJson(resultKey(run, DEV, 'eu-west-1'), {
    ...item(DEV, 'eu-west-1'),
    status: 'not-audited',
    findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
    failure: { code: 'AccessDenied', message: 'not authorized' },
  });
  // DEV us-east-1 wrote nothing: its child execution failed or timed out.
  return store;
}

function deps(store: MemoryResultStore) {
  const published: OutgoingAlert[] = [];
  const metrics: MetricDatum[][] = [];
  return {
    published,
    metrics,
    deps: {
      store,
      bucket: BUCKET,
      logger: createLogger('error', {}, () => {}),
      publisher: { publish: async (alert: OutgoingAlert) => void published.push(alert) },
      metrics: { put: async (data: MetricDatum[]) => void metrics.push(data) },
    },
  };
}

describe('org audit: the digest step', () => {
  it('publishes ONE digest naming the items without a result, and the org metrics', async () => {
    const { published, metrics, deps: d } = deps(await storeWithRun());
    await expect(runOrgDigest(run, d)).resolves.toEqual({
      accountRegions: 4,
      audited: 2,
      notAudited: 2,
      missingUnits: 0,
    });

    expect(published).toHaveLength(1);
    const json = published[0]?.json as OrgDigestJson;
    expect(json.results).toBe(`s3://${BUCKET}/runs/2026-11-28/run-7/results/`);
    expect(json.notAudited.map((entry) => `${entry.accountId} ${entry.region} ${entry.code}`)).toEqual([
      `${DEV} eu-west-1 AccessDenied`,
      `${DEV} us-east-1 NoResult`,
    ]);
    expect(json.accounts[0]).toMatchObject({ accountId: PROD, findings: COUNTS });

    const sent = Object.fromEntries(
      (metrics[0] ?? []).map((datum) => [`${datum.name} ${datum.dimensions.Severity ?? ''}`.trim(), datum]),
    );
    expect(sent[OrgAuditMetric.Audited]).toMatchObject({ value: 2, dimensions: { Scope: 'Organization' } });
    expect(sent[OrgAuditMetric.NotAudited]).toMatchObject({
      value: 2,
      dimensions: { Scope: 'Organization' },
    });
    expect(sent['Findings CRITICAL']).toMatchObject({
      value: 2,
      dimensions: { Scope: 'Organization', Severity: 'CRITICAL' },
    });
  });

  it('names the OUs the list step could not find, in the subject and the text, and counts them as not audited (found by review)', async () => {
    const store = await storeWithRun();
    const unit = 'ou-abcd-11111111';
    await store.putJson(run.missingUnitsKey, [unit]);
    const { published, metrics, deps: d } = deps(store);
    await expect(runOrgDigest(run, d)).resolves.toMatchObject({ notAudited: 2, missingUnits: 1 });
    const alert = published[0] as OutgoingAlert;
    expect(alert.subject).toContain('1 OU(s) NOT found');
    expect(alert.text).toContain(`NOT found in Organizations`);
    expect(alert.text).toContain(`  ${unit}`);
    expect((alert.json as OrgDigestJson).missingUnits).toEqual([unit]);
    const notAudited = (metrics[0] ?? []).find((datum) => datum.name === OrgAuditMetric.NotAudited);
    expect(notAudited?.value).toBe(3); // the alarm on it fires for a missing OU too
  });

  it('a missing-units file that is not a list of ids fails the step rather than hide what it held', async () => {
    const store = await storeWithRun();
    await store.putJson(run.missingUnitsKey, { units: 'ou-x' });
    const { published, deps: d } = deps(store);
    await expect(runOrgDigest(run, d)).rejects.toThrow(/missing-units\.json: not a list/);
    expect(published).toHaveLength(0);
  });

  it('a result file that does not match its item, or is malformed, does not count as audited', async () => {
    const store = await storeWithRun();
    await store.putJson(resultKey(run, DEV, 'us-east-1'), { ...item(DEV, 'us-east-1'), status: 'clean' });
    store.files.set(resultKey(run, PROD, 'us-east-1'), '{not json');
    const { published, deps: d } = deps(store);
    await expect(runOrgDigest(run, d)).resolves.toMatchObject({ audited: 1, notAudited: 3 });
    expect((published[0]?.json as OrgDigestJson | undefined)?.notAudited).toHaveLength(3);
  });

  it('the digest goes out even when the metrics cannot be sent', async () => {
    const { published, deps: d } = deps(await storeWithRun());
    d.metrics.put = async () => {
      throw new Error('Throttling');
    };
    await expect(runOrgDigest(run, d)).resolves.toMatchObject({ notAudited: 2 });
    expect(published).toHaveLength(1);
  });

  it('reads each item from its own file: a file claiming another item counts for neither', async () => {
    const store = await storeWithRun();
    // PROD us-east-1's file says it is DEV us-east-1, audited and clean.
    await store.putJson(resultKey(run, PROD, 'us-east-1'), {
      ...item(DEV, 'us-east-1'),
      status: 'audited',
      findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
      failure: null,
    });
    const { published, deps: d } = deps(store);
    await expect(runOrgDigest(run, d)).resolves.toMatchObject({ audited: 1, notAudited: 3 });
    const notAudited = (published[0]?.json as OrgDigestJson | undefined)?.notAudited ?? [];
    expect(notAudited.map((entry) => `${entry.accountId} ${entry.region} ${entry.code}`)).toEqual([
      `${PROD} us-east-1 ResultMalformed`,
      `${DEV} eu-west-1 AccessDenied`,
      `${DEV} us-east-1 NoResult`,
    ]);
  });

  it('a result file S3 would not return is named as unreadable, not as never written', async () => {
    const store = await storeWithRun();
    const getJson = store.getJson.bind(store);
    store.getJson = async (key: string) => {
      if (key === resultKey(run, PROD, 'us-east-1'))
        throw new Error('SlowDown: please reduce your request rate');
      return getJson(key);
    };
    const { published, deps: d } = deps(store);
    await runOrgDigest(run, d);
    expect((published[0]?.json as OrgDigestJson | undefined)?.notAudited).toContainEqual(
      expect.objectContaining({ accountId: PROD, region: 'us-east-1', code: 'ResultUnreadable' }),
    );
  });

  it('no item list is no digest: the step fails (its alarm fires) rather than report zero account-regions', async () => {
    const store = await storeWithRun();
    await store.putJson(run.itemsKey, { not: 'a list' });
    const { published, deps: d } = deps(store);
    await expect(runOrgDigest(run, d)).rejects.toThrow("items.json: not the run's item list");
    expect(published).toEqual([]);
  });

  it('a not-audited record keeps its item and cause', () => {
    expect(
      recordOf({
        ...ITEMS[0],
        status: 'not-audited',
        failure: { code: 'Throttling', message: 'slow' },
      } as never),
    ).toMatchObject({ accountName: 'Production Account', failure: { code: 'Throttling' } });
  });
});
