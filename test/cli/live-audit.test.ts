import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeAwsEndpoint } from '../support/fake-aws-endpoint';
import { BIN, ROOT } from './built-cli';

const run = promisify(execFile);

describe('sgdrift audit against "live AWS" (an EC2 endpoint on 127.0.0.1 via AWS_ENDPOINT_URL)', () => {
  const aws = new FakeAwsEndpoint();
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await aws.start();
  });
  afterAll(() => aws.stop());

  async function audit(...args: string[]) {
    return run(process.execPath, [BIN, 'audit', '-e', 'production', '--format', 'json', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: ROOT,
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDLIVE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    }).then(
      (result) => ({ code: 0, stdout: result.stdout }),
      (error) => ({ code: error.code as number, stdout: error.stdout as string }),
    );
  }

  function useExample(name: string) {
    aws.snapshot = JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
    aws.requests.length = 0;
  }

  it('reads the compliant estate through the SDK and finds nothing', async () => {
    useExample('production-compliant.json');
    const { code, stdout } = await audit();
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      compliant: true,
      summary: { groups: 7, findings: { CRITICAL: 0 } },
    });
    expect(aws.requests.map((request) => request.action).sort()).toEqual([
      'DescribeNetworkInterfaces',
      'DescribeRouteTables',
      'DescribeSecurityGroups',
    ]);
    expect(aws.calls('ec2', 'DescribeSecurityGroups')[0]?.params.get('MaxResults')).toBe('250');
  });

  it('reads the drifted estate through the SDK and finds what the snapshot audit finds', async () => {
    useExample('production-drifted.json');
    const live = await audit();
    const offline = await audit('-s', 'examples/production-drifted.json');
    expect(live.code).toBe(1);
    const checks = (report: string) =>
      JSON.parse(report).findings.map(
        (finding: { check: string; groupId: string }) => `${finding.check} ${finding.groupId}`,
      );
    expect(checks(live.stdout)).toEqual(checks(offline.stdout));
  });
});
