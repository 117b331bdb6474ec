/**
 * The change handler over the wire (a local endpoint speaking EC2, SNS and CloudWatch), with a
 * dependency that never answers: the invocation still ends before its timeout, and an alert
 * already published stays published.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeAwsEndpoint } from '../support/fake-aws-endpoint';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const EXAMPLES = path.join(__dirname, '../../examples');
const FUNCTION_TIMEOUT_MS = 10_000;

const aws = new FakeAwsEndpoint();
// biome-ignore lint/suspicious/noExplicitAny: the handler module is loaded once the endpoint is up
let handlers: any;

beforeAll(async () => {
  Object.assign(process.env, {
    ENVIRONMENT: 'production',
    ALERT_TOPIC_ARN: TOPIC,
    ACCOUNT_ID: '123456789012',
    LOG_LEVEL: 'error',
    AWS_ENDPOINT_URL: await aws.start(),
  });
  handlers = require('../../src/handlers/security-group-change');
});
afterAll(() => aws.stop());

beforeEach(() => {
  aws.requests.length = 0;
  aws.silent.clear();
  aws.snapshot = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'production-drifted.json'), 'utf8'));
});

const databaseOpened = () =>
  JSON.parse(
    fs.readFileSync(path.join(EXAMPLES, 'events/database-sg-5432-open-to-world-console.json'), 'utf8'),
  );

/** A Lambda context for an invocation of `timeoutMs` that starts now. */
function lambdaContext(timeoutMs: number) {
  const started = Date.now();
  return { getRemainingTimeInMillis: () => started + timeoutMs - Date.now() };
}

describe('handler: securityGroupChange when a dependency never answers', () => {
  it('CloudWatch silent: the alert is published and the invocation ends within the metrics flush', async () => {
    aws.silent.add('cloudwatch');
    const handler = handlers.createChangeHandler();
    const started = Date.now();
    await expect(handler(databaseOpened(), lambdaContext(FUNCTION_TIMEOUT_MS))).resolves.toMatchObject({
      status: 'evaluated',
      alerted: true,
    });
    expect(aws.calls('sns', 'Publish')).toHaveLength(1);
    expect(aws.calls('cloudwatch', 'PutMetricData').length).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(FUNCTION_TIMEOUT_MS);
  });

  it('EC2 silent: the read is cut off at the budget and the invocation fails (Lambda retries) before its timeout', async () => {
    aws.silent.add('ec2');
    const handler = handlers.createChangeHandler();
    const timeoutMs = handlers.ALERT_RESERVE_MS + 300;
    await expect(handler(databaseOpened(), lambdaContext(timeoutMs))).rejects.toThrow(
      'the read of the changed groups: cut off, the time budget is spent',
    );
    expect(aws.calls('ec2', 'DescribeSecurityGroups').length).toBeGreaterThanOrEqual(1);
    expect(aws.calls('sns', 'Publish')).toHaveLength(0);
  });
});
