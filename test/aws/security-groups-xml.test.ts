/**
 * The fast DescribeSecurityGroups reader against the SDK's own deserializer followed by
 * normalizeGroup: the same XML is served by a local endpoint and read through the real EC2Client
 * twice, once as the SDK reads it (a plain DescribeSecurityGroupsCommand, each group through
 * normalizeGroup) and once as the EC2 reader does (describeSecurityGroups). The two must give the
 * same canonical groups, or the same error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ec2 from '@aws-sdk/client-ec2';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { createEc2Reader, describeSecurityGroups } from '../../src/aws/ec2-reader';
import { PermissionLayout } from '../../src/aws/permission-layout';
import { KNOWN_MEMBERS, readDescribeSecurityGroupsXml } from '../../src/aws/security-groups-xml';
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

/** What the SDK and normalizeGroup make of `body`, and what the fast path does: a page, or the error. */
async function bothOutcomes(body: string, status = 200) {
  answer = { status, body };
  const failed = (error: Error) => ({ error: `${error.name}: ${error.message}` });
  const sdk = await client.send(new DescribeSecurityGroupsCommand({})).then(
    (output) => {
      try {
        const groups = (output.SecurityGroups ?? []).map((raw) => normalizeGroup(raw));
        return {
          page: output.NextToken === undefined ? { groups } : { NextToken: output.NextToken, groups },
        };
      } catch (error) {
        return failed(error as Error);
      }
    },
    (error: Error) => failed(error),
  );
  const fast = await describeSecurityGroups(client, {}).then((page) => ({ page }), failed);
  return { sdk, fast };
}

/**
 * Expects the fast path to end as the SDK and normalizeGroup do on `body`, and the fast reader,
 * when it reads the body itself, to read their page; whether it did.
 */
async function agreesWithSdk(body: string): Promise<boolean> {
  const read = readDescribeSecurityGroupsXml(Buffer.from(body));
  const { sdk, fast } = await bothOutcomes(body);
  expect(fast).toStrictEqual(sdk);
  if (read === undefined) return false;
  expect(sdk).toStrictEqual({ page: read });
  return true;
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
                            <userId>123456789012</userId>
                            <groupId>sg-same-account</groupId>
                            <description/>
                        </item>
                    </groups>
                    <ipRanges>
                        <item><cidrIp>10.0.0.0/8</cidrIp><description>   </description></item>
                        <item><cidrIp>10.1.2.3/8</cidrIp><description>the same range, spelled with host bits</description></item>
                        <item><cidrIp>0.0.0.0/0</cidrIp></item>
                    </ipRanges>
                    <ipv6Ranges>
                        <item><cidrIpv6>::/0</cidrIpv6><description>v6 &lt;all&gt;</description></item>
                        <item><cidrIpv6>2001:DB8:0:0::/32</cidrIpv6></item>
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
                    <ipRanges><item><cidrIp>192.168.0.0/16</cidrIp></item></ipRanges>
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
                <item><key>no value</key></item>
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
    </securityGroupInfo>
    <nextToken>token &amp; more</nextToken>`);

describe('adapter: the fast DescribeSecurityGroups reader', () => {
  it('reads representative XML to exactly the groups normalizeGroup makes of the SDK output', async () => {
    const read = readDescribeSecurityGroupsXml(Buffer.from(REPRESENTATIVE));
    expect(read).toBeDefined(); // read by the fast reader, not handed to the SDK
    const { sdk, fast } = await bothOutcomes(REPRESENTATIVE);
    expect(sdk).toHaveProperty('page');
    expect(fast).toStrictEqual(sdk);
    expect(read).toStrictEqual((sdk as { page: unknown }).page);
    const groups = read?.groups ?? [];
    expect(groups).toHaveLength(2);
    expect(groups[0]?.groupName).toBe('web & api <prod> "x" \'y\' ABéC');
    const ingress = groups[0]?.rules ?? [];
    expect(ingress.map((rule) => rule.peer.value)).toEqual([
      '10.0.0.0/8', // one rule: the second spelling only adds its description
      '0.0.0.0/0',
      '::/0',
      '2001:db8::/32',
      'pl-12345',
      'sg-peer',
      'sg-same-account',
      '192.168.0.0/16',
    ]);
    expect(ingress[0]?.description).toBe('the same range, spelled with host bits');
    expect(ingress[5]?.peer).toEqual({
      kind: 'group',
      value: 'sg-peer',
      account: '210987654321',
      groupName: 'peer-group',
      vpcId: 'vpc-peer',
      peeringId: 'pcx-1234',
      peeringStatus: 'active',
    });
    expect(ingress[6]?.peer).toEqual({ kind: 'group', value: 'sg-same-account' }); // its own account
    expect(Object.keys(groups[0]?.tags ?? {})).toEqual([
      '__proto__',
      'constructor',
      'Name',
      'empty',
      'lines',
      'no value',
    ]);
    expect(Object.getPrototypeOf(groups[0]?.tags)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(groups[0]?.tags.Name).toBe(HOSTILE.replace(/\r\n?/g, '\n'));
    expect(groups[0]?.tags.lines).toBe('');
    expect(groups[1]?.rules).toEqual([
      {
        direction: 'egress',
        protocol: 'all',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'cidr4', value: '0.0.0.0/0' },
      },
    ]);
    expect(read?.NextToken).toBe('token & more');
  });

  it('reads what the tests’ endpoint renders, with the same groups through listGroups', async () => {
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
    expect(readDescribeSecurityGroupsXml(Buffer.from(body))).toBeDefined();
    const { sdk, fast } = await bothOutcomes(body);
    expect(fast).toStrictEqual(sdk);
    const listed = await createEc2Reader(client).listGroups();
    expect(listed).toStrictEqual((sdk as { page: { groups: unknown } }).page.groups);
  });

  it('agrees with the SDK and normalizeGroup on random groups, in any member order', async () => {
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
      .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), reference), { maxLength: 4 })
      .map((parts) => parts.map((part) => (part.startsWith('&') ? part : escapeXml(part))).join(''));
    const element = (name: string) => (value: string | undefined) =>
      value === undefined ? '' : value === '' ? `<${name}/>` : `<${name}>${value}</${name}>`;
    // What stands between elements: nothing, EC2's line break and indentation (read four spaces at
    // a time: runs of 3 to 9), Windows line ends, or other whitespace.
    const gap = fc.constantFrom(
      '',
      '\n        ',
      '\n',
      '\n   ',
      '\n     ',
      '\n         ',
      '\n    \t ',
      '\n    \n    ',
      '\r\n    ',
      '\n\t \n ',
      ' ',
      '\t',
      '    ',
    );
    const joined = (parts: string[]) =>
      fc
        .array(gap, { minLength: parts.length + 1, maxLength: parts.length + 1 })
        .map((gaps) => gaps.map((between, index) => between + (parts[index] ?? '')).join(''));
    /** The elements of one item, in an order fast-check picks (EC2's order is one of them). */
    const shuffled = (parts: fc.Arbitrary<string>[]) =>
      fc.tuple(...parts).chain((rendered) => fc.shuffledSubarray(rendered, { minLength: rendered.length }));
    const item = (parts: fc.Arbitrary<string>[]) =>
      shuffled(parts)
        .chain(joined)
        .map((inner) => `<item>${inner}</item>`);
    const list = (name: string, entry: fc.Arbitrary<string>) =>
      fc
        .option(fc.array(entry, { maxLength: 3 }).chain(joined), { nil: undefined })
        .map((entries) => (entries === undefined ? '' : `<${name}>${entries}</${name}>`));
    const cidr4 = fc.constantFrom(
      '10.0.0.0/8',
      '10.0.0.1/8',
      '0.0.0.0/0',
      '192.168.1.0/24',
      '300.1.1.1/8',
      'bad',
      '',
    );
    const cidr6 = fc.constantFrom('::/0', '2001:DB8::1/32', 'fe80::/10', '1.2.3.4/8');
    const description = fc.option(fc.oneof(text, fc.constantFrom('', '  ')), { nil: undefined });
    const range = (field: string, values: fc.Arbitrary<string>) =>
      item([values.map(element(field)), description.map(element('description'))]);
    const owner = '123456789012';
    const reference_ = item([
      fc.constantFrom(owner, '999988887777', undefined).map(element('userId')),
      fc.constantFrom('sg-1', 'sg-2', 'sg-', 'x').map(element('groupId')),
      fc.option(text, { nil: undefined }).map(element('groupName')),
      fc.constantFrom('vpc-9', undefined).map(element('vpcId')),
      fc.constantFrom('pcx-1', undefined).map(element('vpcPeeringConnectionId')),
      fc.constantFrom('active', 'deleted', undefined).map(element('peeringStatus')),
      description.map(element('description')),
    ]);
    const port = fc.oneof(fc.constantFrom(-1, 0, 22, 443, 65535, 70000), fc.integer({ min: -1, max: 65535 }));
    const permission = item([
      fc.constantFrom('tcp', 'udp', '-1', 'icmp', '6', '50', 'TCP', 'bogus').map(element('ipProtocol')),
      fc.option(port, { nil: undefined }).map((value) => element('fromPort')(value?.toString())),
      fc.option(port, { nil: undefined }).map((value) => element('toPort')(value?.toString())),
      list('groups', reference_),
      list('ipRanges', range('cidrIp', cidr4)),
      list('ipv6Ranges', range('cidrIpv6', cidr6)),
      list('prefixListIds', range('prefixListId', fc.constantFrom('pl-1', 'pl-', 'sg-1'))),
    ]);
    const group = item([
      fc.constantFrom(owner, undefined).map(element('ownerId')),
      fc.constantFrom('sg-1', 'sg-2', '').map(element('groupId')),
      text.map(element('groupName')),
      fc.option(text, { nil: undefined }).map(element('groupDescription')),
      fc.constantFrom('vpc-1', undefined).map(element('vpcId')),
      list('ipPermissions', permission),
      list('ipPermissionsEgress', permission),
      list(
        'tagSet',
        item([text.map(element('key')), fc.option(text, { nil: undefined }).map(element('value'))]),
      ),
    ]);
    let readFast = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(group, { maxLength: 3 }), async (groups) => {
        const body = RESPONSE(`<securityGroupInfo>${groups.join('')}</securityGroupInfo>`);
        if (await agreesWithSdk(body)) readFast += 1;
      }),
      { numRuns: 300 },
    );
    // Not vacuous: a good share of the random answers is read by the fast reader itself.
    expect(readFast).toBeGreaterThan(30);
  });

  it('agrees with the SDK on permissions laid out alike, whatever their values, and on one that differs', async () => {
    // A layout is learned from a permission read element by element and used for the ones after
    // it whose bytes around their five values are the same: here every permission of a group has
    // one layout (drawn at random), its values are drawn per permission (hostile ones included),
    // and sometimes one permission differs from the layout by one byte or one member.
    const gap = fc.constantFrom('', '\n', '\n    ', '\n                    ', '\n\t');
    /** Mostly `usual`, sometimes `unusual`: most answers are read, some are declined. */
    const mostly = (usual: string[], unusual: string[]) =>
      fc.oneof(
        { arbitrary: fc.constantFrom(...usual), weight: 9 },
        { arbitrary: fc.constantFrom(...unusual), weight: 1 },
      );
    type Layout = { gaps: string[]; order: number[]; rangeOrder: boolean; empty: string };
    type Values = { protocol: string; from: string; to: string; cidr: string; description: string };
    const layout: fc.Arbitrary<Layout> = fc.record({
      gaps: fc.array(gap, { minLength: 12, maxLength: 12 }),
      order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7 }),
      rangeOrder: fc.boolean(),
      empty: fc.constantFrom('<groups/>', '<groups></groups>', '<groups>\n</groups>'),
    });
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }).map(escapeXml),
      fc.constantFrom('', '\n   ', '  ', '&amp;', '&#65;b', '&bogus;', 'a & b', 'x]]>', '\u00e9'),
    );
    const values: fc.Arbitrary<Values> = fc.record({
      protocol: mostly(['tcp', 'udp', '6', '17', 't&#99;p'], ['-1', 'icmp', 'TCP', 'bogus', '']),
      from: mostly(['0', '22', '443', '1024'], ['65535', '08', '-1', '-0', '1a', '', ' 1', '70000']),
      to: mostly(['1024', '8080', '65535'], ['0', '7', '-1', '1234567890', '']),
      cidr: mostly(['10.0.0.0/8', '10.1.2.3/8', '0.0.0.0/0', '1&#48;.0.0.0/8'], ['::/0', 'bad', '']),
      description: value,
    });
    const render = (shape: Layout, v: Values, extra: string) => {
      const g = (index: number) => shape.gaps[index] ?? '';
      const range = shape.rangeOrder
        ? `<cidrIp>${v.cidr}</cidrIp>${g(0)}<description>${v.description}</description>`
        : `<description>${v.description}</description>${g(0)}<cidrIp>${v.cidr}</cidrIp>`;
      const members = [
        `<ipProtocol>${v.protocol}</ipProtocol>`,
        `<fromPort>${v.from}</fromPort>`,
        `<toPort>${v.to}</toPort>`,
        shape.empty,
        `<ipRanges>${g(1)}<item>${g(2)}${range}${g(3)}</item>${g(4)}${extra}</ipRanges>`,
        '<ipv6Ranges/>',
        '<prefixListIds/>',
      ];
      return `<item>${shape.order.map((index, at) => `${g(5 + at)}${members[index]}`).join('')}\n</item>`;
    };
    const differs = mostly([''], ['<item><cidrIp>10.9.9.9/32</cidrIp></item>', '\n', ' ', '<newerMember/>']);
    let readFast = 0;
    await fc.assert(
      fc.asyncProperty(
        layout,
        fc.array(fc.tuple(values, differs), { minLength: 2, maxLength: 6 }),
        async (shape, permissions) => {
          const rendered = permissions.map(([v, extra]) => render(shape, v, extra)).join('\n');
          const body = RESPONSE(
            `<securityGroupInfo><item><groupId>sg-1</groupId><groupName>g</groupName><ipPermissions>${rendered}\n</ipPermissions></item></securityGroupInfo>`,
          );
          if (await agreesWithSdk(body)) readFast += 1;
        },
      ),
      { numRuns: 300 },
    );
    expect(readFast).toBeGreaterThan(30);
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
      '<securityGroupInfo><item><groupId>sg-1</groupId><groupName>a</groupName><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>08</fromPort></item></ipPermissions></item></securityGroupInfo>',
    ],
    [
      'a group without its id',
      '<securityGroupInfo><item><groupName>a</groupName></item></securityGroupInfo>',
    ],
    [
      'an invalid range',
      '<securityGroupInfo><item><groupId>sg-1</groupId><groupName>a</groupName><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>1</fromPort><toPort>1</toPort><ipRanges><item><cidrIp>10.0.0.256/8</cidrIp></item></ipRanges></item></ipPermissions></item></securityGroupInfo>',
    ],
    [
      'an owner after a reference to its own account',
      '<securityGroupInfo><item><groupId>sg-1</groupId><groupName>a</groupName><ipPermissions><item><ipProtocol>-1</ipProtocol><groups><item><userId>123456789012</userId><groupId>sg-2</groupId></item></groups></item></ipPermissions><ownerId>123456789012</ownerId></item></securityGroupInfo>',
    ],
    ['a root attribute beside the namespace', '<securityGroupInfo/>', ' nextToken="evil"'],
    ['a malformed root attribute', '<securityGroupInfo/>', ' a b="c"'],
    ['an element called __proto__', '<__proto__/><securityGroupInfo/>'],
    [
      'an unknown element nested deeper than EC2 nests',
      `${'<x>'.repeat(40)}${'</x>'.repeat(40)}<securityGroupInfo/>`,
    ],
  ])(
    'leaves %s to the SDK and normalizeGroup, with their result',
    async (_name, inner, rootAttributes = '') => {
      const body = RESPONSE(inner).replace(' xmlns=', `${rootAttributes} xmlns=`);
      expect(readDescribeSecurityGroupsXml(Buffer.from(body))).toBeUndefined();
      const { sdk, fast } = await bothOutcomes(body);
      expect(fast).toStrictEqual(sdk);
    },
  );

  it('declines an unknown element nested past any stack, without throwing', () => {
    const depth = 200_000;
    const body = RESPONSE(`${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}<securityGroupInfo/>`);
    expect(readDescribeSecurityGroupsXml(Buffer.from(body))).toBeUndefined();
  });

  it('reads long runs of whitespace between elements in one pass, and declines those without a line break', () => {
    const spaces = ' '.repeat(2_000_000);
    const read = (gap: string) =>
      readDescribeSecurityGroupsXml(Buffer.from(RESPONSE(`<securityGroupInfo>${gap}</securityGroupInfo>`)));
    expect(read(`\n${spaces}`)).toEqual({ groups: [] });
    expect(read(spaces)).toBeUndefined(); // no line break: text to the SDK's parser
    expect(read(`${'\n'.repeat(2_000_000)}x`)).toBeUndefined();
  });

  it('reads indentation of any length and declines text after it, up to the last byte', () => {
    const read = (gap: string, close = '</securityGroupInfo>') =>
      readDescribeSecurityGroupsXml(Buffer.from(RESPONSE(`<securityGroupInfo>${gap}${close}`)));
    for (let spaces = 0; spaces <= 12; spaces += 1) {
      const indentation = ' '.repeat(spaces);
      expect(read(`\n${indentation}`)).toEqual({ groups: [] });
      expect(read(`\n${indentation}\t\n${indentation}`)).toEqual({ groups: [] });
      expect(read(`\n${indentation}x`)).toBeUndefined();
      expect(read(`\n${indentation}\u00a0`)).toBeUndefined(); // not whitespace to the SDK's parser
    }
    // A page that ends inside its indentation: declined, not a read past the end.
    for (let spaces = 0; spaces <= 8; spaces += 1) {
      const cut = `<?xml version="1.0"?>\n<${'DescribeSecurityGroupsResponse'}>\n${' '.repeat(spaces)}`;
      expect(readDescribeSecurityGroupsXml(Buffer.from(cut))).toBeUndefined();
    }
  });

  it('reads Windows line ends and non-ASCII values as the SDK does', async () => {
    const body = RESPONSE(
      `<securityGroupInfo>\n<item><groupId>sg-1</groupId>\n<groupName>caf\u00e9 \u{1f512}\nline\rend</groupName></item></securityGroupInfo>`,
    ).replace(/\n/g, '\r\n'); // every line end CR LF; one lone CR inside the name
    const read = readDescribeSecurityGroupsXml(Buffer.from(body));
    expect(read?.groups[0]?.groupName).toBe('caf\u00e9 \u{1f512}\nline\nend');
    const { sdk, fast } = await bothOutcomes(body);
    expect(fast).toStrictEqual(sdk);
    expect(sdk).toStrictEqual({ page: read });
  });

  it('reads a listing whose pages go by both paths, each page from its own bytes', async () => {
    // Page 1 (declined: a comment) is long and goes to the SDK; page 2 (short) is read by the fast
    // reader from the buffer page 1 was read into; page 3 is declined again.
    const group = (id: string, name: string) =>
      `<item><groupId>${id}</groupId><groupName>${name}</groupName></item>`;
    const bodies = [
      RESPONSE(
        `<!-- declined --><securityGroupInfo>${group('sg-1', 'x'.repeat(100_000))}</securityGroupInfo><nextToken>2</nextToken>`,
      ),
      RESPONSE(`<securityGroupInfo>${group('sg-2', 'two')}</securityGroupInfo><nextToken>3</nextToken>`),
      RESPONSE(`<!-- declined --><securityGroupInfo>${group('sg-3', 'three')}</securityGroupInfo>`),
    ];
    expect(bodies.map((body) => readDescribeSecurityGroupsXml(Buffer.from(body)) !== undefined)).toEqual([
      false,
      true,
      false,
    ]);
    let page = 0;
    const listing = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const body = bodies[page] ?? '';
        page += 1;
        response.writeHead(200, { 'content-type': 'text/xml' }).end(body);
      });
    });
    await new Promise<void>((resolve) => listing.listen(0, '127.0.0.1', resolve));
    const pagedClient = new EC2Client({
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${(listing.address() as AddressInfo).port}`,
      maxAttempts: 1,
    });
    try {
      const groups = await createEc2Reader(pagedClient).listGroups();
      expect(groups.map((listed) => [listed.groupId, listed.groupName])).toEqual([
        ['sg-1', 'x'.repeat(100_000)],
        ['sg-2', 'two'],
        ['sg-3', 'three'],
      ]);
    } finally {
      pagedClient.destroy();
      await new Promise((resolve) => listing.close(resolve));
    }
  });

  it('knows every member the SDK’s schema has, in every structure it reads', () => {
    // The SDK reads a member it knows even when normalizeGroup ignores it, and fails on one that is
    // not what its schema says (element content in a string): a member the reader skipped as
    // unknown could be read here and fail there. An SDK that adds a member fails this test.
    const schema = ec2 as unknown as Record<string, unknown[]>;
    for (const [structure, known] of Object.entries(KNOWN_MEMBERS)) {
      const [, , , , , members] = schema[`${structure}$`] ?? [];
      const xmlNames = (members as [unknown, { xmlName?: string }][]).map(([, traits]) => traits.xmlName);
      expect({ structure, members: [...known].sort() }).toEqual({ structure, members: xmlNames.sort() });
    }
  });

  it.each([
    ['element content', '<securityGroupArn><arn/></securityGroupArn>'],
    ['element content and a line break', '<securityGroupArn><x>arn</x>\n</securityGroupArn>'],
    ['twice', '<securityGroupArn>a</securityGroupArn>\n<securityGroupArn>b</securityGroupArn>'],
  ])('fails where the SDK fails on a securityGroupArn with %s (found by review)', async (_name, arn) => {
    const body = RESPONSE(
      `<securityGroupInfo><item><groupId>sg-1</groupId><groupName>g</groupName>\n${arn}</item></securityGroupInfo>`,
    );
    const { sdk, fast } = await bothOutcomes(body);
    expect(sdk).toHaveProperty('error');
    expect(fast).toStrictEqual(sdk);
  });

  it('reads a page itself: the SDK decodes no body (so the speed is not lost unnoticed)', async () => {
    const decoded: number[] = [];
    const counting = new EC2Client({
      region: 'eu-west-1',
      endpoint: await client.config.endpoint?.().then((at) => `http://${at.hostname}:${at.port}`),
      maxAttempts: 1,
      utf8Encoder: (input: Uint8Array | string) => {
        if (typeof input === 'string') return input;
        if (input.byteLength > 0) decoded.push(input.byteLength);
        return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
      },
    });
    try {
      answer = { status: 200, body: REPRESENTATIVE };
      await counting.send(new DescribeSecurityGroupsCommand({}));
      expect(decoded).toEqual([Buffer.byteLength(REPRESENTATIVE)]); // the SDK's own read decodes it
      decoded.length = 0;
      expect((await describeSecurityGroups(counting, {})).groups).toHaveLength(2);
      expect(decoded).toEqual([]);
    } finally {
      counting.destroy();
    }
  });

  /** A permission of EC2's layout on `port`, with a member other than the IPv4 range in it. */
  const alike = (port: number, member: string) => `
                <item>
                    <ipProtocol>tcp</ipProtocol>
                    <fromPort>${port}</fromPort>
                    <toPort>${port}</toPort>
                    ${member.startsWith('<groups') ? member : '<groups/>'}
                    <ipRanges>
                        <item>
                            <cidrIp>10.0.0.0/8</cidrIp>
                            <description>d</description>
                        </item>
                    </ipRanges>
                    ${member.startsWith('<ipv6') ? member : '<ipv6Ranges/>'}
                    ${member.startsWith('<prefix') ? member : '<prefixListIds/>'}
                </item>`;
  const alikePage = (ports: number[], member: string) =>
    RESPONSE(
      `<securityGroupInfo><item><groupId>sg-1</groupId><groupName>g</groupName>\n<ipPermissions>${ports.map((port) => alike(port, member)).join('')}\n</ipPermissions></item></securityGroupInfo>`,
    );

  it.each([
    [
      'a group reference',
      '<groups><item><userId>111122223333</userId><groupId>sg-9</groupId></item></groups>',
      'sg-9',
    ],
    ['an IPv6 range', '<ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges>', '::/0'],
    [
      'a prefix list',
      '<prefixListIds><item><prefixListId>pl-1</prefixListId></item></prefixListIds>',
      'pl-1',
    ],
  ])(
    'keeps %s of every permission laid out alike: no layout is learned from one (found by review)',
    async (_name, member, peer) => {
      const body = alikePage([22, 23, 24], member);
      const read = readDescribeSecurityGroupsXml(Buffer.from(body));
      const rules = read?.groups[0]?.rules ?? [];
      expect(rules.filter((rule) => rule.peer.value === peer).map((rule) => rule.fromPort)).toEqual([
        22, 23, 24,
      ]);
      const { sdk, fast } = await bothOutcomes(body);
      expect(fast).toStrictEqual(sdk);
      expect(sdk).toStrictEqual({ page: read });
    },
  );

  it('reads permissions laid out alike by their layout (so the speed is not lost unnoticed)', () => {
    const match = jest.spyOn(PermissionLayout.prototype, 'match');
    try {
      const ports = Array.from({ length: 50 }, (_, index) => 1000 + index);
      const read = readDescribeSecurityGroupsXml(Buffer.from(alikePage(ports, '')));
      expect(read?.groups[0]?.rules.map((rule) => rule.fromPort)).toEqual(ports);
      const matched = match.mock.results.filter((result) => result.value !== -1);
      expect(matched).toHaveLength(49); // all but the first, which taught the layout
    } finally {
      match.mockRestore();
    }
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
      const fast = await describeSecurityGroups(client, {}).catch((caught: unknown) => caught);
      expect(fast).toBeInstanceOf(Error);
      expect(fast).toEqual(sdk);
      expect((fast as Error).name).toBe(code);
      expect((fast as Error).message).toBe('no & no');
      expect((fast as { $metadata: unknown }).$metadata).toEqual((sdk as { $metadata: unknown }).$metadata);
    }
  });
});
