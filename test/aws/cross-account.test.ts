import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCrossAccountClients } from '../../src/aws/cross-account';
import { EC2_READ_TIMEOUTS } from '../../src/aws/ec2-reader';
import { InputError } from '../../src/errors';
import { FakeAwsEndpoint, type RecordedRequest, useFakeAwsEndpoint } from '../support/fake-aws-endpoint';

const ROOT = path.join(__dirname, '../..');
const ACCOUNT_A = '222222222222';
const ACCOUNT_B = '333333333333';
const ROLE_NAME = 'SgDriftMemberRole';
const SESSION_NAME = 'sgdrift-audit';
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ROLE_NAME}`;

/** The access key id and region of a SigV4 `Authorization` header's credential scope. */
function signedWith(request: RecordedRequest | undefined) {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    String(request?.headers.authorization),
  );
  return {
    accessKeyId: match?.[1],
    region: match?.[2],
    service: match?.[3],
    sessionToken: request?.headers['x-amz-security-token'],
  };
}

describe('cross-account clients over the wire (STS AssumeRole and EC2 on a local endpoint)', () => {
  const aws = new FakeAwsEndpoint();
  useFakeAwsEndpoint(aws);

  beforeAll(() => {
    aws.snapshot = JSON.parse(readFileSync(path.join(ROOT, 'examples/production-compliant.json'), 'utf8'));
  });

  it('signs a read in another account with the assumed credentials, in the region asked for', async () => {
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME });

    const groups = await clients.readerFor(ACCOUNT_A, 'ap-southeast-2').listGroups();

    expect(groups).toHaveLength(7);
    const [assume] = aws.calls('sts', 'AssumeRole');
    expect(assume?.params.get('RoleArn')).toBe(roleArn(ACCOUNT_A));
    expect(assume?.params.get('RoleSessionName')).toBe(SESSION_NAME);
    // One hour: the most role chaining allows (docs/organization.md).
    expect(assume?.params.get('DurationSeconds')).toBe('3600');
    // Not read-only: the change path's session keeps what the member role allows (its reverts).
    expect(assume?.params.has('Policy')).toBe(false);
    // The caller's own credentials (test/setup-env.ts) sign the AssumeRole, and only it.
    expect(signedWith(assume)).toMatchObject({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, service: 'sts' });
    const issued = aws.sts.issued[0];
    expect(signedWith(aws.calls('ec2', 'DescribeSecurityGroups')[0])).toEqual({
      accessKeyId: issued?.accessKeyId,
      region: 'ap-southeast-2',
      service: 'ec2',
      sessionToken: issued?.sessionToken,
    });
    expect(issued?.accessKeyId).toContain(ACCOUNT_A);
  });

  it('assumes once per account: its other regions reuse the credentials, another account gets its own', async () => {
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME });

    await Promise.all([
      clients.readerFor(ACCOUNT_A, 'eu-west-1').listGroups(),
      clients.readerFor(ACCOUNT_A, 'us-east-1').listGroups(),
    ]);
    await clients.readerFor(ACCOUNT_B, 'eu-west-1').listGroups();

    expect(aws.calls('sts', 'AssumeRole').map((call) => call.params.get('RoleArn'))).toEqual([
      roleArn(ACCOUNT_A),
      roleArn(ACCOUNT_B),
    ]);
    const reads = aws.calls('ec2', 'DescribeSecurityGroups').map(signedWith);
    const [issuedA, issuedB] = aws.sts.issued;
    expect(reads.map((read) => `${read.accessKeyId} ${read.region}`).sort()).toEqual(
      [
        `${issuedA?.accessKeyId} eu-west-1`,
        `${issuedA?.accessKeyId} us-east-1`,
        `${issuedB?.accessKeyId} eu-west-1`,
      ].sort(),
    );
  });

  it('a role that refuses the caller fails the read with AccessDenied, and nothing reaches EC2', async () => {
    aws.sts.deniedRoleArns.add(roleArn(ACCOUNT_B));
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME });

    await expect(clients.readerFor(ACCOUNT_B, 'eu-west-1').listGroups()).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    expect(aws.calls('ec2')).toEqual([]);
  });

  it('credentials EC2 rejects before they expire (role re-created, sessions revoked) are assumed again', async () => {
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME });
    const reader = clients.readerFor(ACCOUNT_A, 'eu-west-1');
    await reader.listGroups();

    aws.ec2Errors.set('DescribeSecurityGroups', 'AuthFailure');
    await expect(reader.listGroups()).rejects.toMatchObject({ name: 'AuthFailure' });
    aws.ec2Errors.clear();
    await reader.listGroups();
    // The account's other regions share the account's credentials, so they get the new ones too.
    await clients.readerFor(ACCOUNT_A, 'us-east-1').listGroups();

    expect(aws.calls('sts', 'AssumeRole')).toHaveLength(2);
    const [first, second] = aws.sts.issued;
    const reads = aws.calls('ec2', 'DescribeSecurityGroups').map(signedWith);
    expect(reads.map((read) => read.accessKeyId)).toEqual([
      first?.accessKeyId,
      first?.accessKeyId,
      second?.accessKeyId,
      second?.accessKeyId,
    ]);
  });

  it('a permission the member stack lacks (UnauthorizedOperation on every call) renews the role once per account, not per call (found by review)', async () => {
    aws.ec2Errors.set('DescribeRouteTables', 'UnauthorizedOperation');
    try {
      const clients = createCrossAccountClients({
        roleName: ROLE_NAME,
        sessionName: SESSION_NAME,
        readOnly: true,
      });
      for (const region of ['eu-west-1', 'us-east-1', 'ap-southeast-2']) {
        const reader = clients.readerFor(ACCOUNT_A, region);
        expect(await reader.listRouteTables()).toBeUndefined();
        await reader.listGroups();
      }
      expect(aws.calls('sts', 'AssumeRole')).toHaveLength(2);
    } finally {
      aws.ec2Errors.clear();
    }
  });

  it('any other failure (a throttle, a missing group) keeps the credentials', async () => {
    const clients = createCrossAccountClients({
      roleName: ROLE_NAME,
      sessionName: SESSION_NAME,
      timeouts: { ...EC2_READ_TIMEOUTS, maxAttempts: 1 },
    });
    const reader = clients.readerFor(ACCOUNT_A, 'eu-west-1');
    await reader.listGroups();
    aws.ec2Errors.set('DescribeSecurityGroups', 'InvalidGroup.NotFound');
    await expect(reader.listGroups()).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    aws.ec2Errors.clear();
    await reader.listGroups();

    expect(aws.calls('sts', 'AssumeRole')).toHaveLength(1);
  });

  it('refuses a role or session name IAM would not accept, and an account id that is not one', () => {
    expect(() => createCrossAccountClients({ roleName: 'a/b', sessionName: SESSION_NAME })).toThrow(
      InputError,
    );
    expect(() => createCrossAccountClients({ roleName: ROLE_NAME, sessionName: 'x y' })).toThrow(InputError);
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME });
    expect(() => clients.readerFor('2222', 'eu-west-1')).toThrow(InputError);
    expect(() => clients.readerFor(ACCOUNT_A, 'eu-west1')).toThrow(InputError);
  });
});

describe('cross-account clients: bounded', () => {
  it('keeps at most maxKept account-regions, destroying the least recently used client', () => {
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME, maxKept: 2 });
    const first = clients.ec2(ACCOUNT_A, 'eu-west-1');
    const destroyed = jest.spyOn(first, 'destroy');
    const second = clients.ec2(ACCOUNT_A, 'us-east-1');
    expect(clients.ec2(ACCOUNT_A, 'eu-west-1')).toBe(first); // used again: now the most recent
    clients.ec2(ACCOUNT_B, 'eu-west-1'); // a third: the least recently used (us-east-1) goes
    expect(destroyed).not.toHaveBeenCalled();
    expect(clients.ec2(ACCOUNT_A, 'us-east-1')).not.toBe(second);
    expect(clients.ec2(ACCOUNT_A, 'eu-west-1')).not.toBe(first); // pushed out by the new us-east-1
    expect(destroyed).toHaveBeenCalledTimes(1);
  });
});

describe('cross-account clients: bounded in time', () => {
  it('gives member-account clients the audit read timeouts when the caller names none', async () => {
    const clients = createCrossAccountClients({ roleName: ROLE_NAME, sessionName: SESSION_NAME });
    const client = clients.ec2(ACCOUNT_A, 'eu-west-1');
    const handler = client.config.requestHandler as unknown as { configProvider: Promise<unknown> };
    expect(await handler.configProvider).toMatchObject({
      connectionTimeout: EC2_READ_TIMEOUTS.connectionMs,
      requestTimeout: EC2_READ_TIMEOUTS.requestMs,
      throwOnRequestTimeout: true,
    });
    expect(await client.config.maxAttempts()).toBe(EC2_READ_TIMEOUTS.maxAttempts);
  });
});
