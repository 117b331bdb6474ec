import 'aws-sdk-client-mock-jest';
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { createEc2Reader } from '../../src/aws/ec2-reader';
import { PaginationError } from '../../src/errors';

const GROUP = 'sg-0a1b2c3d4e5f60004';
const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: 'eu-west-1', maxAttempts: 1 });

beforeEach(() => ec2.reset());

/** Every listing the reader follows NextToken on, and the command it pages. */
const LISTINGS = [
  ['listGroups', DescribeSecurityGroupsCommand, (reader: Reader) => reader.listGroups()],
  ['describeGroups', DescribeSecurityGroupsCommand, (reader: Reader) => reader.describeGroups([GROUP])],
  [
    'describeInterfaces',
    DescribeNetworkInterfacesCommand,
    (reader: Reader) => reader.describeInterfaces({ interfaceIds: ['eni-0a1b2c3d4e5f60099'] }),
  ],
  [
    'describeGroupRules',
    DescribeSecurityGroupRulesCommand,
    (reader: Reader) => reader.describeGroupRules([GROUP]),
  ],
  [
    'listNetworkInterfaces',
    DescribeNetworkInterfacesCommand,
    (reader: Reader) => reader.listNetworkInterfaces(),
  ],
  ['listRouteTables', DescribeRouteTablesCommand, (reader: Reader) => reader.listRouteTables()],
] as const;
type Reader = ReturnType<typeof createEc2Reader>;

describe('adapter: EC2 reader pagination', () => {
  it.each(LISTINGS)('%s stops when EC2 hands back the same NextToken', async (_name, command, list) => {
    // biome-ignore lint/suspicious/noExplicitAny: one stub for three output shapes
    ec2.on(command as any).resolves({ NextToken: 'stuck' });
    await expect(list(createEc2Reader(client))).rejects.toThrow(PaginationError);
    await expect(list(createEc2Reader(client))).rejects.toThrow(/NextToken 'stuck' came back twice/);
    expect(ec2.commandCalls(command as never)).toHaveLength(4); // two pages per listing, two listings
  });

  it.each(LISTINGS)('%s stops at the page cap when the tokens never end', async (_name, command, list) => {
    let page = 0;
    // biome-ignore lint/suspicious/noExplicitAny: one stub for three output shapes
    ec2.on(command as any).callsFake(async () => {
      page += 1;
      return { NextToken: `token-${page}` };
    });
    await expect(list(createEc2Reader(client, { maxPages: 3 }))).rejects.toThrow(
      /more than 3 pages; stopped/,
    );
    expect(page).toBe(3);
  });

  it('follows distinct tokens to the last page', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'a' }], NextToken: 't1' })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-2', GroupName: 'b' }] });
    const groups = await createEc2Reader(client).listGroups();
    expect(groups.map((group) => group.groupId)).toEqual(['sg-1', 'sg-2']);
    expect(
      ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input.NextToken),
    ).toEqual([undefined, 't1']);
  });
});
