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
    return sgdrift(endpoint, 'audit', '-e', 'production', '--format', 'json', ...args);
  }

  async function sgdrift(at: string, ...args: string[]) {
    return run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: ROOT,
        AWS_ENDPOINT_URL: at,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDLIVE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    }).then(
      (result) => ({ code: 0, stdout: result.stdout, stderr: result.stderr }),
      (error) => ({
        code: error.code as number,
        stdout: error.stdout as string,
        stderr: error.stderr as string,
      }),
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

  it('exits 3, not 1, when live AWS cannot be read: one line naming why, no report', async () => {
    useExample('production-drifted.json');
    aws.ec2Errors.set('DescribeSecurityGroups', 'UnauthorizedOperation');
    try {
      for (const command of [
        ['audit', '-e', 'production'],
        ['revert', '-e', 'production'],
      ]) {
        const failed = await sgdrift(endpoint, ...command);
        expect({ command: command[0], code: failed.code }).toEqual({ command: command[0], code: 3 });
        expect(failed.stdout).toBe('');
        expect(failed.stderr.trim().split('\n')).toEqual([
          `sgdrift: ${command[0]}: could not read live AWS (UnauthorizedOperation: DescribeSecurityGroups: UnauthorizedOperation)`,
        ]);
      }
    } finally {
      aws.ec2Errors.clear();
    }
    // Nothing listening: the same exit code, whatever the SDK's error; replay too (found by review).
    for (const command of [
      ['audit', '-e', 'production'],
      ['replay', 'examples/events/backend-sg-ssh-open-to-world-cli.json', '-e', 'production'],
    ]) {
      const unreachable = await sgdrift('http://127.0.0.1:9', ...command);
      expect({ command: command[0], code: unreachable.code }).toEqual({ command: command[0], code: 3 });
      expect(unreachable.stderr).toMatch(
        new RegExp(`^sgdrift: ${command[0]}: could not read live AWS \\(.+\\)\\n?$`),
      );
    }
  });

  it('exits 3 when the revert’s own rule read is refused, though the estate was read (found by review)', async () => {
    useExample('production-drifted.json');
    aws.ec2Errors.set('DescribeSecurityGroupRules', 'UnauthorizedOperation');
    try {
      const failed = await sgdrift(endpoint, 'revert', '-e', 'production');
      expect({ code: failed.code, stdout: failed.stdout }).toEqual({ code: 3, stdout: '' });
      expect(failed.stderr.trim()).toBe(
        'sgdrift: revert: could not read live AWS (UnauthorizedOperation: DescribeSecurityGroupRules: UnauthorizedOperation)',
      );
    } finally {
      aws.ec2Errors.clear();
    }
  });
});
