/**
 * The organization audit's state machine (deploy/org-audit.asl.json) run through its REAL handlers:
 * each state's Parameters, ItemReader, ItemSelector, ResultSelector, OutputPath and ResultPath are
 * applied as Step Functions applies them, so a JSONPath that reads a field a handler does not return
 * fails here as it fails in AWS (States.Runtime), instead of at the first scheduled run.
 * asl-validator checks the definition's syntax only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricDatum, OutgoingAlert } from '../../src/app/ports';
import { FakeAwsEndpoint, useFakeAwsEndpoint } from '../support/fake-aws-endpoint';
import { MemoryResultStore } from '../support/memory-result-store';

const ROOT = join(__dirname, '../..');
const ASL = JSON.parse(readFileSync(join(ROOT, 'deploy/org-audit.asl.json'), 'utf8'));

Object.assign(process.env, {
  BASELINE_FILE: join(ROOT, 'baselines/thebot.compiled.json'),
  ACCOUNTS_FILE: join(ROOT, 'baselines/accounts.compiled.json'),
  RESULTS_BUCKET: 'sgdrift-org-results',
  MEMBER_ROLE_NAME: 'SgDriftMemberRole',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111111111111:sgdrift-alerts',
  AWS_REGION: 'eu-west-1',
  LOG_LEVEL: 'error',
});
const { createOrgAuditListHandler } = require('../../src/handlers/org-audit-list');
const { createOrgAuditItemHandler } = require('../../src/handlers/org-audit-item');
const { createOrgAuditDigestHandler } = require('../../src/handlers/org-audit-digest');
const { loadOrgAuditRuntime } = require('../../src/handlers/org-audit-runtime');

type Json = Record<string, unknown>;

/** A reference path (`$`, `$.a.b`, `$$.Execution.Name`); a missing field is States.Runtime, as in AWS. */
function read(path: string, input: unknown, context: Json): unknown {
  const [root, segments] = path.startsWith('$$') ? [context, path.slice(2)] : [input, path.slice(1)];
  let node: unknown = root;
  for (const key of segments.split('.').filter(Boolean)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) {
      throw new Error(`States.Runtime: the JSONPath '${path}' could not be found in the input`);
    }
    node = (node as Json)[key];
  }
  return node;
}

/** A payload template: keys ending in `.$` take the value at their path, others are literal. */
function resolve(template: unknown, input: unknown, context: Json): unknown {
  if (typeof template !== 'object' || template === null || Array.isArray(template)) return template;
  const out: Json = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = read(value as string, input, context);
    else out[key] = resolve(value, input, context);
  }
  return out;
}

/** `ResultPath: $.name` */
function withResult(input: Json, resultPath: string, result: unknown): Json {
  return { ...input, [resultPath.replace(/^\$\./, '')]: result };
}

/** A Lambda task's raw result, as `arn:aws:states:::lambda:invoke` hands it to ResultSelector. */
const invokeResult = (payload: unknown) => ({
  ExecutedVersion: '$LATEST',
  Payload: payload,
  StatusCode: 200,
});

describe('deploy: the org audit state machine runs through its real handlers', () => {
  const aws = new FakeAwsEndpoint();
  useFakeAwsEndpoint(aws);
  beforeEach(() => {
    aws.snapshot = JSON.parse(readFileSync(join(ROOT, 'examples/production-drifted.json'), 'utf8'));
  });

  it('list → one item invocation per account-region → one digest, every path resolving', async () => {
    const store = new MemoryResultStore();
    const runtime = loadOrgAuditRuntime('test');
    const listHandler = createOrgAuditListHandler(runtime, {
      directory: { accountsForParent: async () => [], unitsForParent: async () => [] },
      store,
    });
    const itemHandler = createOrgAuditItemHandler(runtime, { store });
    const alerts: OutgoingAlert[] = [];
    const metrics: MetricDatum[][] = [];
    const digestHandler = createOrgAuditDigestHandler(runtime, {
      store,
      publisher: { publish: async (alert: OutgoingAlert) => void alerts.push(alert) },
      metrics: { put: async (data: readonly MetricDatum[]) => void metrics.push([...data]) },
    });
    const context: Json = { Execution: { Name: 'a1b2c3d4-run', StartTime: '2026-11-28T06:00:00.123Z' } };
    const { ListItems, AuditItems, Digest } = ASL.States;

    // ListItems
    const listed = await listHandler(resolve(ListItems.Parameters.Payload, {}, context), {});
    let state = withResult(
      {},
      ListItems.ResultPath,
      resolve(ListItems.ResultSelector, invokeResult(listed), context),
    );

    // AuditItems: ItemReader, ItemSelector, the child's Parameters and OutputPath, ResultWriter
    const itemsKey = read(AuditItems.ItemReader.Parameters['Key.$'], state, context) as string;
    const items = (await store.getJson(itemsKey)) as unknown[];
    expect(items.length).toBeGreaterThan(0);
    const child = AuditItems.ItemProcessor.States[AuditItems.ItemProcessor.StartAt];
    const records: unknown[] = [];
    for (const [index, value] of items.entries()) {
      const mapContext = { ...context, Map: { Item: { Index: index, Value: value } } };
      const childInput = resolve(AuditItems.ItemSelector, state, mapContext);
      const payload = read(child.Parameters['Payload.$'], childInput, mapContext);
      const output = await itemHandler(payload, {});
      records.push(read(child.OutputPath, invokeResult(output), mapContext));
    }
    expect(records).toHaveLength(items.length);
    expect(records.every((record) => (record as Json).status === 'audited')).toBe(true);
    const writerPrefix = read(AuditItems.ResultWriter.Parameters['Prefix.$'], state, context);
    // The state machine may write only under runs/ (central-audit.yml), inside this run's folder.
    expect(writerPrefix).toMatch(/^runs\/2026-11-28\/a1b2c3d4-run\//);
    state = withResult(state, AuditItems.ResultPath, { ResultWriterDetails: { Bucket: 'b', Key: 'k' } });

    // Digest
    const summary = await digestHandler(resolve(Digest.Parameters.Payload, state, context), {});
    state = withResult(
      state,
      Digest.ResultPath,
      resolve(Digest.ResultSelector, invokeResult(summary), context),
    );
    expect(alerts).toHaveLength(1);
    expect(metrics).toHaveLength(1);
    expect((state.digest as Json).summary).toEqual(summary);
  });

  it('an OU the map names that Organizations does not know reaches the digest as NOT audited', async () => {
    const store = new MemoryResultStore();
    const runtime = loadOrgAuditRuntime('test');
    const { UnitNotFoundError } = require('../../src/errors');
    const listHandler = createOrgAuditListHandler(runtime, {
      directory: {
        accountsForParent: async (id: string) => {
          throw new UnitNotFoundError(`${id}: no such organizational unit`);
        },
        unitsForParent: async () => [],
      },
      store,
    });
    const alerts: OutgoingAlert[] = [];
    const digestHandler = createOrgAuditDigestHandler(runtime, {
      store,
      publisher: { publish: async (alert: OutgoingAlert) => void alerts.push(alert) },
      metrics: { put: async () => {} },
    });
    const context: Json = { Execution: { Name: 'a1b2c3d4-ou', StartTime: '2026-11-28T06:00:00.123Z' } };
    const { ListItems, AuditItems, Digest } = ASL.States;
    const listed = await listHandler(resolve(ListItems.Parameters.Payload, {}, context), {});
    let state = withResult(
      {},
      ListItems.ResultPath,
      resolve(ListItems.ResultSelector, invokeResult(listed), context),
    );
    state = withResult(state, AuditItems.ResultPath, { ResultWriterDetails: { Bucket: 'b', Key: 'k' } });
    // No item ran: only the accounts listed by id were listed, and none wrote a result.
    const summary = await digestHandler(resolve(Digest.Parameters.Payload, state, context), {});
    expect(summary).toMatchObject({ missingUnits: 1 });
    expect(alerts[0]?.subject).toContain('1 OU(s) NOT found');
    expect(alerts[0]?.text).toContain('ou-examplerootid111-exampleouid111');
  });

  it('a path the handler does not answer fails the run, as Step Functions fails it', () => {
    expect(() => resolve({ 'mapPrefix.$': '$.Payload.mapPrefix' }, invokeResult({ runId: 'r' }), {})).toThrow(
      /States.Runtime.*\$\.Payload\.mapPrefix/,
    );
  });
});
