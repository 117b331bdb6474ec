import 'aws-sdk-client-mock-jest';
import { DescribeNetworkInterfacesCommand, EC2Client, type NetworkInterface } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { createEc2Reader } from '../../src/aws/ec2-reader';

const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: 'eu-west-1', maxAttempts: 1 });
const DATABASE = 'sg-0a1b2c3d4e5f60004';

beforeEach(() => ec2.reset());

const ENI: NetworkInterface = {
  NetworkInterfaceId: 'eni-0a9c4b60624c0e41d',
  Status: 'in-use',
  Groups: [{ GroupId: DATABASE }],
  Attachment: { InstanceId: 'i-0f3fbbbc0298d1a86' },
  Association: { PublicIp: '54.171.20.7' },
};

describe('adapter: EC2 reader, the interfaces an attachment event names', () => {
  it('reads interfaces by id in one filtered, paged DescribeNetworkInterfaces and normalizes them', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [ENI] });
    const interfaces = await createEc2Reader(client).describeInterfaces({
      interfaceIds: ['eni-0a9c4b60624c0e41d', 'eni-0a9c4b60624c0e41d'],
    });
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand).map((call) => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'network-interface-id', Values: ['eni-0a9c4b60624c0e41d'] }], MaxResults: 1000 },
    ]);
    expect(interfaces).toMatchObject([
      {
        interfaceId: 'eni-0a9c4b60624c0e41d',
        groupIds: [DATABASE],
        kind: 'instance',
        resource: 'i-0f3fbbbc0298d1a86',
        publicIps: ['54.171.20.7'],
      },
    ]);
  });

  it('reads by instance with attachment.instance-id, and makes no call for an empty query', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [ENI] });
    const reader = createEc2Reader(client);
    expect(await reader.describeInterfaces({})).toEqual([]);
    await reader.describeInterfaces({ instanceIds: ['i-0f3fbbbc0298d1a86'] });
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand).map((call) => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'attachment.instance-id', Values: ['i-0f3fbbbc0298d1a86'] }], MaxResults: 1000 },
    ]);
  });
});
