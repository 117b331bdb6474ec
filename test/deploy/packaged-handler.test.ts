import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { FakeAwsEndpoint } from '../support/fake-aws-endpoint';
import { PRODUCTION_DEFAULT } from './combinations';
import { PACKAGE_TIMEOUT_MS, packageStack, REPO_ROOT } from './package-stack';

const run = promisify(execFile);
const ACCESS_KEY = 'AKIDPACKAGEDBUNDLE';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';

/** Every file of a zip (stored or deflated), read from its central directory (APPNOTE 4.3). */
function unzip(file: string, into: string): void {
  const zip = fs.readFileSync(file);
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    const local = zip.readUInt32LE(offset + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    fs.mkdirSync(path.dirname(path.join(into, name)), { recursive: true });
    fs.writeFileSync(path.join(into, name), method === 8 ? inflateRawSync(data) : data);
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
}

describe('deploy: the packaged bundles, run as Lambda would', () => {
  const aws = new FakeAwsEndpoint();
  let taskRoot: string;
  let endpoint: string;

  beforeAll(async () => {
    const stack = packageStack(PRODUCTION_DEFAULT);
    taskRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sgdrift-task-'));
    unzip(path.join(stack.dir, 'securityGroupChange.zip'), taskRoot);
    unzip(path.join(stack.dir, 'dailyAudit.zip'), taskRoot);
    endpoint = await aws.start();
  }, PACKAGE_TIMEOUT_MS);

  afterAll(() => aws.stop());

  /** Invokes the unzipped handler in a fresh Node process with Lambda's environment. */
  async function invoke(event: unknown, handler = 'security-group-change'): Promise<string> {
    const script = `require(${JSON.stringify(path.join(taskRoot, `src/handlers/${handler}.js`))})
      .handler(${JSON.stringify(event)}, {}).then((result) => process.stdout.write(JSON.stringify(result)))`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: taskRoot,
      env: {
        PATH: process.env.PATH,
        HOME: taskRoot, // no ~/.aws: the environment is the only source of credentials
        LAMBDA_TASK_ROOT: taskRoot,
        ENVIRONMENT: 'production',
        ALERT_TOPIC_ARN: TOPIC,
        ACCOUNT_ID: '123456789012',
        BASELINE_FILE: 'baselines/thebot.compiled.json',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session',
        AWS_ENDPOINT_URL: endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'error',
      },
    });
    return stdout.trim().split('\n').pop() ?? '';
  }

  function exampleEvent() {
    return JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'examples/events/database-sg-5432-open-to-world-console.json'),
        'utf8',
      ),
    );
  }

  it('signs with the credentials Lambda puts in the environment', async () => {
    aws.requests.length = 0;
    const event = exampleEvent();
    event.detail.errorCode = 'Client.UnauthorizedOperation'; // a failed call: one metric, no EC2 read
    expect(await invoke(event)).toBe('{"status":"skipped","reason":"failed-call"}');
    expect(aws.requests.map((request) => `${request.service}:${request.action}`)).toEqual([
      'cloudwatch:PutMetricData',
    ]);
    expect(aws.requests[0]?.headers.authorization).toContain(`Credential=${ACCESS_KEY}/`);
    expect(aws.requests[0]?.headers['x-amz-security-token']).toBe('session');
    expect(aws.requests[0]?.body).toContain('FailedCallsIgnored');
  });

  it('turns a real-time event into an SNS alert over the wire: describe, evaluate, publish, metrics', async () => {
    aws.snapshot = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'examples/production-drifted.json'), 'utf8'),
    );
    aws.requests.length = 0;
    expect(JSON.parse(await invoke(exampleEvent()))).toEqual({
      status: 'evaluated',
      severity: 'CRITICAL',
      alerted: true,
      revert: null,
    });
    expect(aws.requests.map((request) => `${request.service}:${request.action}`)).toEqual([
      'ec2:DescribeSecurityGroups', // the role groups by name (cold container)
      'ec2:DescribeSecurityGroups', // the affected + role groups, by id
      'sns:Publish',
      'cloudwatch:PutMetricData',
    ]);
    const publish = aws.calls('sns', 'Publish')[0]?.params;
    expect(publish?.get('TopicArn')).toBe(TOPIC);
    expect(publish?.get('Subject')).toBe(
      'CRITICAL production thebot-database-sg: 5432/tcp opened to 0.0.0.0/0 by jane.doe@example.com',
    );
    expect(publish?.get('MessageStructure')).toBe('json');
    const message = JSON.parse(publish?.get('Message') ?? '{}');
    expect(JSON.parse(message.sqs)).toMatchObject({
      kind: 'change',
      severity: 'CRITICAL',
      groups: [{ role: 'database' }],
    });
    expect(message.email).toContain('jane.doe@example.com');
  });

  it('runs the daily audit from its bundle: paginated reads, one digest, one PutMetricData', async () => {
    aws.snapshot = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'examples/production-drifted.json'), 'utf8'),
    );
    aws.requests.length = 0;
    await invoke({}, 'daily-audit');
    expect(aws.requests.map((request) => `${request.service}:${request.action}`).sort()).toEqual([
      'cloudwatch:PutMetricData',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'sns:Publish',
    ]);
    const publish = aws.calls('sns', 'Publish')[0]?.params;
    expect(publish?.get('Subject')).toMatch(
      /^\[NON-COMPLIANT\] production security group audit \d{4}-\d{2}-\d{2}: 4 critical, 2 high, 2 medium, 3 low$/,
    );
    expect(JSON.parse(JSON.parse(publish?.get('Message') ?? '{}').sqs)).toMatchObject({
      kind: 'audit',
      compliant: false,
    });
    expect(aws.calls('cloudwatch')[0]?.body).toContain('ComplianceStatus');
  });
});
