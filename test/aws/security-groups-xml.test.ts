/**
 * The fast DescribeSecurityGroups reader against the SDK's own deserializer: the same XML is served
 * by a local endpoint and read through the real EC2Client twice, once with the SDK's deserializer
 * (a plain DescribeSecurityGroupsCommand) and once with the reader's (describeSecurityGroups).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { createEc2Reader, describeSecurityGroups } from '../../src/aws/ec2-reader';
import { parseDescribeSecurityGroupsXml } from '../../src/aws/security-groups-xml';
import { escapeXml, groupsXml } from '../../src/bench/ec2-xml';
import { normalizeGroup } from '../../src/model/normalize';
import { HOSTILE } from '../support/hostile-text';

let answer: { status: number; body: string } = { status: 200, body: '' };
let server: Server;
let client: EC2Client;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new EC2Client({ region: 'eu-west-1', endpoint, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** What the SDK's deserializer and the fast one make of `body` (each without $metadata). */
async function bothReads(body: string, status = 200) {
  answer = { status, body };
  const { $metadata: sdkMetadata, ...sdk } = await client.send(new DescribeSecurityGroupsCommand({}));
  const { $metadata: fastMetadata, ...fast } = await client.send(describeSecurityGroups({}));
  expect(fastMetadata).toEqual(sdkMetadata);
  return { sdk, fast };
}

/** The SDK's and the fast reader's outcome for `body`: the output, or the error either throws. */
async function bothOutcomes(body: string) {
  answer = { status: 200, body };
  const outcome = (command: DescribeSecurityGroupsCommand) =>
    client.send(command).then(
      ({ $metadata: _metadata, ...output }) => ({ output }),
      (error: Error) => ({ error: `${error.name}: ${error.message}` }),
    );
  return {
    sdk: await outcome(new DescribeSecurityGroupsCommand({})),
    fast: await outcome(describeSecurityGroups({})),
  };
}

const RESPONSE = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\n    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n${inner}\n</DescribeSecurityGroupsResponse>`;

/** Pretty-printed as EC2 answers, with every member the reader knows and some it does not. */
const REPRESENTATIVE = RESPONSE(`    <securityGroupInfo>
        <item>
            <ownerId>123456789012</ownerId>
            <groupId>sg-0a1b2c3d4e5f60001</groupId>
            <groupName>web &amp; api &lt;prod&gt; &quot;x&quot; &apos;y&apos; &#65;&#x42;&#x00e9;&#0000067;</groupName>
            <groupDescription>${'evil\n\u001b]0;pwned\u0007\u202egpj.exe\u2028 \t'.replace(/&/g, '&amp;')}</groupDescription>
            <vpcId>vpc-1</vpcId>
            <securityGroupArn>arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1b2c3d4e5f60001</securityGroupArn>
            <ipPermissions>
                <item>
                    <ipProtocol>tcp</ipProtocol>
                    <fromPort>443</fromPort>
                    <toPort>443</toPort>
                    <groups>
                        <item>
                            <userId>210987654321</userId>
                            <groupId>sg-peer</groupId>
                            <groupName>peer-group</groupName>
                            <vpcId>vpc-peer</vpcId>
                            <vpcPeeringConnectionId>pcx-1234</vpcPeeringConnectionId>
                            <peeringStatus>active</peeringStatus>
                            <description>peered</description>
                        </item>
                        <item>
                            <userId>999988887777</userId>
                            <groupId>sg-cross</groupId>
                            <description/>
                        </item>
                    </groups>
                    <ipRanges>
                        <item><cidrIp>10.0.0.0/8</cidrIp><description>   </description></item>
                        <item><cidrIp>0.0.0.0/0</cidrIp></item>
                    </ipRanges>
                    <ipv6Ranges>
                        <item><cidrIpv6>::/0</cidrIpv6><description>v6 &lt;all&gt;</description></item>
                    </ipv6Ranges>
                    <prefixListIds>
                        <item><prefixListId>pl-12345</prefixListId><description>s3</description></item>
                    </prefixListIds>
                </item>
                <item>
                    <ipProtocol>-1</ipProtocol>
                    <groups/>
                    <ipRanges></ipRanges>
                    <ipv6Ranges>
                    </ipv6Ranges>
                    <prefixListIds/>
                </item>
                <item>
                    <ipProtocol>icmp</ipProtocol>
                    <fromPort>-1</fromPort>
                    <toPort>0</toPort>
                    <groups><item/></groups>
                    <ipRanges><item></item></ipRanges>
                    <newerMember><deep>text &unknown; <x/></deep>
</newerMember>
                </item>
            </ipPermissions>
            <ipPermissionsEgress/>
            <tagSet>
                <item><key>__proto__</key><value>{"polluted":true}</value></item>
                <item><key>constructor</key><value>prototype</value></item>
                <item><key>Name</key><value>${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</value></item>
                <item><key>empty</key><value></value></item>
                <item><key>lines</key><value>\n   \n</value></item>
            </tagSet>
        </item>
        <item>
            <ownerId>123456789012</ownerId>
            <groupId>sg-2</groupId>
            <groupName>__proto__</groupName>
            <groupDescription></groupDescription>
            <ipPermissions></ipPermissions>
            <ipPermissionsEgress>
                <item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item>
            </ipPermissionsEgress>
        </item>
        <item/>
    </securityGroupInfo>
    <nextToken>token &amp; more</nextToken>`);

describe('adapter: the fast DescribeSecurityGroups reader', () => {
  it('reads representative XML to exactly what the SDK deserializer returns', async () => {
    const parsed = parseDescribeSecurityGroupsXml(REPRESENTATIVE);
    expect(parsed).toBeDefined(); // read by the fast reader, not handed to the SDK
    const { sdk, fast } = await bothReads(REPRESENTATIVE);
    expect(fast).toStrictEqual(sdk);
    expect(parsed).toStrictEqual(sdk);
    const groups = fast.SecurityGroups ?? [];
    expect(groups).toHaveLength(3);
    expect(groups[0]?.GroupName).toBe('web & api <prod> "x" \'y\' ABéC');
    expect(groups[0]?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]).toEqual({
      UserId: '210987654321',
      GroupId: 'sg-peer',
      GroupName: 'peer-group',
      VpcId: 'vpc-peer',
      VpcPeeringConnectionId: 'pcx-1234',
      PeeringStatus: 'active',
      Description: 'peered',
    });
    expect(groups[0]?.Tags?.[0]).toEqual({ Key: '__proto__', Value: '{"polluted":true}' });
    expect(Object.hasOwn(groups[0]?.Tags?.[0] ?? {}, 'Key')).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(groups[0]?.Tags?.[2]?.Value).toBe(HOSTILE.replace(/\r\n?/g, '\n'));
    expect(groups[0]?.IpPermissions?.[1]).toEqual({
      IpProtocol: '-1',
      UserIdGroupPairs: [],
      IpRanges: [],
      Ipv6Ranges: [],
      PrefixListIds: [],
    });
    expect(fast.NextToken).toBe('token & more');
  });

  it('reads what the tests’ endpoint renders, with the same normalized groups through listGroups', async () => {
    const group = (index: number) => ({
      OwnerId: '123456789012',
      GroupId: `sg-${index}`,
      GroupName: `group ${index} <&>`,
      Description: HOSTILE,
      VpcId: 'vpc-1',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          UserIdGroupPairs: [{ UserId: '111122223333', GroupId: 'sg-other', Description: 'x' }],
          IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh & more' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          PrefixListIds: [{ PrefixListId: 'pl-1' }],
        },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      Tags: [{ Key: '__proto__', Value: 'x' }],
    });
    const body = groupsXml([group(1), group(2)]);
    expect(parseDescribeSecurityGroupsXml(body)).toBeDefined();
    const { sdk, fast } = await bothReads(body);
    expect(fast).toStrictEqual(sdk);
    const listed = await createEc2Reader(client).listGroups();
    expect(listed).toEqual((sdk.SecurityGroups ?? []).map((group) => normalizeGroup(group)));
  });

  it('agrees with the SDK on random values, whatever characters and references they hold', async () => {
    const reference = fc.constantFrom(
      '&amp;',
      '&lt;',
      '&gt;',
      '&quot;',
      '&apos;',
      '&#10;',
      '&#x20;',
      '&#233;',
    );
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), reference), { maxLength: 5 })
      .map((parts) => parts.map((part) => (part.startsWith('&') ? part : escapeXml(part))).join(''));
    await fc.assert(
      fc.asyncProperty(text, text, fc.integer({ min: -1, max: 65535 }), async (name, value, port) => {
        const body = RESPONSE(
          `<securityGroupInfo><item><groupName>${name}</groupName><ipPermissions><item><fromPort>${port}</fromPort><ipRanges><item><description>${value}</description></item></ipRanges></item></ipPermissions><tagSet><item><key>${name}</key><value>${value}</value></item></tagSet></item></securityGroupInfo>`,
        );
        const { sdk, fast } = await bothReads(body);
        expect(fast).toStrictEqual(sdk);
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['a comment', '<!-- note --><nextToken>t</nextToken>'],
    ['CDATA', '<nextToken><![CDATA[a<b]]></nextToken>'],
    ['an astral reference', '<nextToken>&#x1F600;</nextToken>'],
    ['an unknown entity', '<nextToken>a &nbsp; b</nextToken>'],
    ['a bare ampersand', '<nextToken>a & b</nextToken>'],
    ['an attribute', '<nextToken kind="x">t</nextToken>'],
    ['text beside elements', '<securityGroupInfo> x <item/></securityGroupInfo>'],
    ['a repeated member', '<nextToken>a</nextToken><nextToken>b</nextToken>'],
    [
      'a non-numeric port',
      '<securityGroupInfo><item><ipPermissions><item><fromPort>08</fromPort></item></ipPermissions></item></securityGroupInfo>',
    ],
  ])('leaves %s to the SDK deserializer, with its result', async (_name, inner) => {
    const body = RESPONSE(inner);
    expect(parseDescribeSecurityGroupsXml(body)).toBeUndefined();
    const { sdk, fast } = await bothOutcomes(body);
    expect(fast).toStrictEqual(sdk);
  });

  it('leaves error answers to the SDK: the same exception', async () => {
    const error = (code: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>no &amp; no</Message></Error></Errors><RequestID>r-9</RequestID></Response>`;
    for (const [status, code] of [
      [403, 'UnauthorizedOperation'],
      [503, 'RequestLimitExceeded'],
    ] as const) {
      answer = { status, body: error(code) };
      const sdk = await client.send(new DescribeSecurityGroupsCommand({})).catch((caught: unknown) => caught);
      const fast = await client.send(describeSecurityGroups({})).catch((caught: unknown) => caught);
      expect(fast).toBeInstanceOf(Error);
      expect(fast).toEqual(sdk);
      expect((fast as Error).name).toBe(code);
      expect((fast as Error).message).toBe('no & no');
      expect((fast as { $metadata: unknown }).$metadata).toEqual((sdk as { $metadata: unknown }).$metadata);
    }
  });
});
