/**
 * The revert's EC2 calls against a local endpoint that throttles every revoke, through the real SDK
 * (adaptive retry, five attempts): the budget's abort signal ends the call and its back-off.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { createEc2Writer, EC2_RETRY } from '../../src/aws/ec2-writer';
import type { Rule } from '../../src/model/types';
import { FakeAwsEndpoint } from '../support/fake-aws-endpoint';

const GROUP = 'sg-0a1b2c3d4e5f60004';
const WORLD_5432: Rule = {
  direction: 'ingress',
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  peer: { kind: 'cidr4', value: '0.0.0.0/0' },
  ruleId: 'sgr-0123456789abcdef0',
};

const endpoint = new FakeAwsEndpoint();
let client: EC2Client;

beforeAll(async () => {
  client = new EC2Client({ ...EC2_RETRY, region: 'eu-west-1', endpoint: await endpoint.start() });
  endpoint.ec2Errors.set('RevokeSecurityGroupIngress', 'RequestLimitExceeded');
});
afterAll(async () => {
  client.destroy();
  await endpoint.stop();
});

describe('adapter: EC2 writer under throttling', () => {
  it('a throttled revoke ends when its signal aborts, before the SDK has used its retries', async () => {
    const result = await createEc2Writer(client).revokeRule(GROUP, WORLD_5432, AbortSignal.timeout(200));
    expect(result).toMatchObject({ status: 'failed', code: 'AbortError' });
    const attempts = endpoint.calls('ec2', 'RevokeSecurityGroupIngress').length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThan(EC2_RETRY.maxAttempts);
  });
});
