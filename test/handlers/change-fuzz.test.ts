import 'aws-sdk-client-mock-jest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { Ec2Fake } from '../support/ec2-fake';
import { type AnyEvent, fixture, MONITOR_ACCOUNT, recordedIn } from '../support/events';

Object.assign(process.env, {
  ENVIRONMENT: 'production',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts',
  LOG_LEVEL: 'error',
  ACCOUNT_ID: MONITOR_ACCOUNT,
});
const { createChangeHandler } = require('../../src/handlers/security-group-change');
const { loadRuntime } = require('../../src/handlers/runtime');

const FIXTURES = join(__dirname, '../fixtures/cloudtrail');
const REAL_EVENTS: string[] = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(FIXTURES, dir.name)).map((file) => `${dir.name}/${file}`));

const ec2 = mockClient(EC2Client);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);

beforeAll(() => {
  Ec2Fake.fromExample('production-drifted').attach(ec2);
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  cloudwatch.on(PutMetricDataCommand).resolves({});
});

/** Every path (as a key list) to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

/** The event with the value at `path` deleted (replacement undefined) or replaced. */
function mutate(event: AnyEvent, path: (string | number)[], replacement: unknown): AnyEvent {
  if (path.length === 0) return replacement;
  const copy = structuredClone(event);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Runs one event; the handler must resolve, and never publish for an event it did not evaluate. */
async function survives(
  handler: (event: unknown) => Promise<{ status: string }>,
  event: unknown,
): Promise<void> {
  const publishedBefore = sns.commandCalls(PublishCommand).length;
  const result = await handler(event);
  expect(['evaluated', 'skipped', 'unparseable']).toContain(result.status);
  if (result.status !== 'evaluated') expect(sns.commandCalls(PublishCommand).length).toBe(publishedBefore);
}

describe('fuzz: securityGroupChange handler', () => {
  it('never throws and never publishes on arbitrary JSON', async () => {
    const handler = createChangeHandler(loadRuntime('fuzz'));
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (event) => survives(handler, event)),
      { numRuns: 300 },
    );
  });

  it('never throws on real events with a field deleted or replaced', async () => {
    const handler = createChangeHandler(loadRuntime('fuzz'));
    const events = REAL_EVENTS.map((file) => recordedIn(fixture(file)));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: events.length - 1 }),
        fc.nat(),
        fc.option(fc.jsonValue(), { nil: undefined }),
        async (which, pathIndex, replacement) => {
          const event = events[which];
          const all = paths(event);
          await survives(
            handler,
            mutate(event, all[pathIndex % all.length] as (string | number)[], replacement),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
