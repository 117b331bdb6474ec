import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orgAuditRun } from '../../src/app/org-audit-run';
import { PUT_WORST_CASE_MS } from '../../src/aws/s3-results';
import { FakeAwsEndpoint, signedWith, useFakeAwsEndpoint } from '../support/fake-aws-endpoint';
import { MemoryResultStore } from '../support/memory-result-store';

const ROOT = join(__dirname, '../..');
const ROLE = 'SgDriftMemberRole';
const PROD = '222222222222';
const DEV = '333333333333';
const RUN = { runId: 'a1b2c3d4-run', startedAt: '2026-11-28T06:00:00.123Z' };
const RESULT_PREFIX = 'runs/2026-11-28/a1b2c3d4-run/results/';

Object.assign(process.env, {
  BASELINE_FILE: join(ROOT, 'baselines/thebot.compiled.json'),
  ACCOUNTS_FILE: join(ROOT, 'baselines/accounts.compiled.json'),
  RESULTS_BUCKET: 'sgdrift-org-results',
  MEMBER_ROLE_NAME: ROLE,
  LOG_LEVEL: 'error',
});
const { createOrgAuditItemHandler } = require('../../src/handlers/org-audit-item');
const { loadOrgAuditRuntime } = require('../../src/handlers/org-audit-runtime');

describe('handler: orgAuditItem (one account-region on a local AWS endpoint)', () => {
  const aws = new FakeAwsEndpoint();
  useFakeAwsEndpoint(aws);
  beforeEach(() => {
    aws.snapshot = JSON.parse(readFileSync(join(ROOT, 'examples/production-drifted.json'), 'utf8'));
  });

  const invoke = (item: unknown, store = new MemoryResultStore()) => {
    const handler = createOrgAuditItemHandler(loadOrgAuditRuntime('test'), { store });
    return { store, result: handler({ ...RUN, item }, {}) as Promise<unknown> };
  };

  it('assumes the member role, reads in the item’s region, writes the result JSON, returns its record', async () => {
    const item = {
      accountId: PROD,
      accountName: 'Production Account',
      region: 'us-east-1',
      environment: 'production',
    };
    const { store, result } = invoke(item);
    const record = (await result) as { status: string; findings: Record<string, number> };

    expect(aws.calls('sts', 'AssumeRole').map((call) => call.params.get('RoleArn'))).toEqual([
      `arn:aws:iam::${PROD}:role/${ROLE}`,
    ]);
    expect(aws.calls('sts', 'AssumeRole')[0]?.params.get('RoleSessionName')).toBe('sgdrift-org-audit');
    // A read-only session: even where the member role may revert, the audit's session cannot.
    expect(JSON.parse(aws.calls('sts', 'AssumeRole')[0]?.params.get('Policy') ?? 'null')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeSecurityGroupRules',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeRouteTables',
          ],
          Resource: '*',
        },
      ],
    });
    const issued = aws.sts.issued[0]?.accessKeyId;
    const reads = aws.calls('ec2', 'DescribeSecurityGroups').map(signedWith);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((read) => read.accessKeyId === issued && read.region === 'us-east-1')).toBe(true);

    expect(record).toMatchObject({ ...item, status: 'audited', failure: null });
    expect(record.findings.CRITICAL).toBeGreaterThan(0);
    const file = (await store.getJson(`${RESULT_PREFIX}${PROD}-us-east-1.json`)) as Record<string, unknown>;
    expect(file).toMatchObject(record);
    expect((file.report as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });

  it('a member role not yet allowed DescribeRouteTables (StackSet update pending) still audits, on public addresses alone', async () => {
    aws.ec2Errors.set('DescribeRouteTables', 'UnauthorizedOperation');
    const item = { accountId: PROD, region: 'us-east-1', environment: 'production' };
    const record = (await invoke(item).result) as { status: string; failure: unknown };
    expect(record).toMatchObject({ status: 'audited', failure: null });
    expect(aws.calls('ec2', 'DescribeRouteTables')).toHaveLength(1);
  });

  it('reads that would outlive the function are cut off: a named not-audited result is still written', async () => {
    aws.silent.add('ec2'); // EC2 never answers
    const store = new MemoryResultStore();
    const handler = createOrgAuditItemHandler(loadOrgAuditRuntime('test'), { store });
    const item = { accountId: PROD, region: 'us-east-1', environment: 'production' };
    // 300 ms of the function left beyond what the result's write keeps for itself.
    const context = { getRemainingTimeInMillis: () => PUT_WORST_CASE_MS + 300 };
    const record = await handler({ ...RUN, item }, context);
    expect(record).toMatchObject({
      status: 'not-audited',
      failure: { code: 'TimeBudgetError', message: expect.stringContaining('cut off') },
    });
    expect(await store.getJson(`${RESULT_PREFIX}${PROD}-us-east-1.json`)).toMatchObject({
      status: 'not-audited',
    });
  });

  it('a refused AssumeRole is a named not-audited result, written and returned (the map does not fail)', async () => {
    aws.sts.deniedRoleArns.add(`arn:aws:iam::${DEV}:role/${ROLE}`);
    const item = { accountId: DEV, region: 'eu-west-1', environment: 'staging' };
    const { store, result } = invoke(item);
    const record = await result;
    expect(record).toEqual({
      ...item,
      accountName: null,
      status: 'not-audited',
      findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
      failure: { code: 'AccessDenied', message: expect.stringContaining('sts:AssumeRole') },
    });
    expect(aws.calls('ec2', 'DescribeSecurityGroups')).toEqual([]);
    expect(await store.getJson(`${RESULT_PREFIX}${DEV}-eu-west-1.json`)).toEqual({
      ...(record as object),
      report: null,
    });
  });

  it('an environment the baseline lacks is a named not-audited result, not a crash', async () => {
    const { result } = invoke({ accountId: PROD, region: 'eu-west-1', environment: 'qa' });
    await expect(result).resolves.toMatchObject({
      status: 'not-audited',
      failure: { code: 'InputError', message: expect.stringContaining("unknown environment 'qa'") },
    });
  });

  it('an input that is not an item fails the child, and reads nothing', async () => {
    for (const item of [
      { accountId: '12345', region: 'eu-west-1', environment: 'production' },
      { accountId: PROD, region: 'eu-west-1/../x', environment: 'production' },
      undefined,
    ]) {
      await expect(invoke(item).result).rejects.toThrow('not an account-region item');
    }
    expect(aws.requests).toEqual([]);
  });

  it('the run layout comes from the execution: runs/<date>/<name>/, names checked', () => {
    expect(orgAuditRun(RUN.runId, RUN.startedAt).resultsPrefix).toBe(RESULT_PREFIX);
    expect(() => orgAuditRun('../../etc', RUN.startedAt)).toThrow('runId');
    expect(() => orgAuditRun(RUN.runId, 'yesterday')).toThrow('startedAt');
  });
});
