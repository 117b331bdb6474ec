/**
 * The mocked AWS clients of the change-handler tests: EC2 answered by an Ec2Fake loaded from an
 * example estate, SNS and CloudWatch accepting everything. Create once per test file (module level,
 * as aws-sdk-client-mock requires), reset before each test.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2Fake } from './ec2-fake';

export type MockedAws = ReturnType<typeof mockedAws>;

export function mockedAws() {
  return { ec2: mockClient(EC2Client), sns: mockClient(SNSClient), cloudwatch: mockClient(CloudWatchClient) };
}

/** Resets every mock; EC2 becomes a fresh fake of `examples/<example>.json`, which is returned. */
export function resetAws(aws: MockedAws, example = 'production-compliant'): Ec2Fake {
  aws.ec2.reset();
  aws.sns.reset();
  aws.cloudwatch.reset();
  const fake = Ec2Fake.fromExample(example).attach(aws.ec2);
  aws.sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  aws.cloudwatch.on(PutMetricDataCommand).resolves({});
  return fake;
}
