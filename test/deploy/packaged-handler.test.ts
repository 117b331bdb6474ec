import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { PRODUCTION_DEFAULT } from './combinations';
import { PACKAGE_TIMEOUT_MS, packageStack, REPO_ROOT } from './package-stack';

const run = promisify(execFile);
const ACCESS_KEY = 'AKIDPACKAGEDBUNDLE';

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

describe('deploy: the packaged securityGroupChange bundle, run as Lambda would', () => {
  let taskRoot: string;
  let server: Server;
  const requests: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    const stack = packageStack(PRODUCTION_DEFAULT);
    taskRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sgdrift-task-'));
    unzip(path.join(stack.dir, 'securityGroupChange.zip'), taskRoot);
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        requests.push({ headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, PACKAGE_TIMEOUT_MS);

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads from its task root, signs with the credentials Lambda puts in the environment, and reports', async () => {
    const event = JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'examples/events/database-sg-5432-open-to-world-console.json'),
        'utf8',
      ),
    );
    event.detail.errorCode = 'Client.UnauthorizedOperation'; // a failed call: one metric, no EC2 read
    const script = `require(${JSON.stringify(path.join(taskRoot, 'src/handlers/security-group-change.js'))})
      .handler(${JSON.stringify(event)}, {}).then((result) => process.stdout.write(JSON.stringify(result)))`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      cwd: taskRoot,
      env: {
        PATH: process.env.PATH,
        HOME: taskRoot, // no ~/.aws: the environment is the only source of credentials
        LAMBDA_TASK_ROOT: taskRoot,
        ENVIRONMENT: 'production',
        ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts',
        BASELINE_FILE: 'baselines/thebot.compiled.json',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session',
        AWS_ENDPOINT_URL_CLOUDWATCH: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'error',
      },
    });
    expect(stdout.trim().split('\n').pop()).toBe('{"status":"skipped","reason":"failed-call"}');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.authorization).toContain(`Credential=${ACCESS_KEY}/`);
    expect(requests[0]?.headers['x-amz-security-token']).toBe('session');
    expect(requests[0]?.body).toContain('FailedCallsIgnored');
  });
});
