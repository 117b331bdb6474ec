import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN, ROOT } from './built-cli';

const run = promisify(execFile);

// biome-ignore lint/suspicious/noExplicitAny: describe-security-groups JSON, rendered to EC2's XML
type Raw = any;
const escapeXml = (text: unknown) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const element = (name: string, value: unknown) =>
  value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
const items = (name: string, list: Raw[] | undefined, render: (item: Raw) => string) =>
  `<${name}>${(list ?? []).map((item) => `<item>${render(item)}</item>`).join('')}</${name}>`;

/** A permission as EC2's query API returns it (the shape the SDK parses). */
function permissionXml(permission: Raw): string {
  return [
    element('ipProtocol', permission.IpProtocol),
    element('fromPort', permission.FromPort),
    element('toPort', permission.ToPort),
    items(
      'groups',
      permission.UserIdGroupPairs,
      (pair) =>
        element('userId', pair.UserId) +
        element('groupId', pair.GroupId) +
        element('description', pair.Description),
    ),
    items(
      'ipRanges',
      permission.IpRanges,
      (range) => element('cidrIp', range.CidrIp) + element('description', range.Description),
    ),
    items(
      'ipv6Ranges',
      permission.Ipv6Ranges,
      (range) => element('cidrIpv6', range.CidrIpv6) + element('description', range.Description),
    ),
    items(
      'prefixListIds',
      permission.PrefixListIds,
      (list) => element('prefixListId', list.PrefixListId) + element('description', list.Description),
    ),
  ].join('');
}

function groupsXml(snapshot: Raw): string {
  const groups = items('securityGroupInfo', snapshot.SecurityGroups, (group) =>
    [
      element('ownerId', group.OwnerId),
      element('groupId', group.GroupId),
      element('groupName', group.GroupName),
      element('groupDescription', group.Description),
      element('vpcId', group.VpcId),
      items('ipPermissions', group.IpPermissions, permissionXml),
      items('ipPermissionsEgress', group.IpPermissionsEgress, permissionXml),
      items('tagSet', group.Tags, (tag) => element('key', tag.Key) + element('value', tag.Value)),
    ].join(''),
  );
  return `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>${groups}</DescribeSecurityGroupsResponse>`;
}

function interfacesXml(snapshot: Raw): string {
  const set = items(
    'networkInterfaceSet',
    snapshot.NetworkInterfaces,
    (eni) =>
      element('networkInterfaceId', eni.NetworkInterfaceId) +
      items(
        'groupSet',
        eni.Groups,
        (group) => element('groupId', group.GroupId) + element('groupName', group.GroupName),
      ),
  );
  return `<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId>${set}</DescribeNetworkInterfacesResponse>`;
}

describe('sgdrift audit against "live AWS" (an EC2 endpoint on 127.0.0.1 via AWS_ENDPOINT_URL)', () => {
  let server: Server;
  let snapshot: Raw;
  const actions: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const action = new URLSearchParams(body).get('Action') ?? '';
        actions.push(action);
        const xml = action === 'DescribeSecurityGroups' ? groupsXml(snapshot) : interfacesXml(snapshot);
        response.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function auditLive(example: string) {
    snapshot = JSON.parse(readFileSync(join(ROOT, 'examples', example), 'utf8'));
    actions.length = 0;
    return run(process.execPath, [BIN, 'audit', '-e', 'production', '--format', 'json'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: ROOT,
        AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDLIVE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    }).then(
      (result) => ({ code: 0, ...result }),
      (error) => ({
        code: error.code as number,
        stdout: error.stdout as string,
        stderr: error.stderr as string,
      }),
    );
  }

  it('reads the compliant estate through the SDK and finds nothing', async () => {
    const { code, stdout } = await auditLive('production-compliant.json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      compliant: true,
      summary: { groups: 7, findings: { CRITICAL: 0 } },
    });
    expect(actions.sort()).toEqual(['DescribeNetworkInterfaces', 'DescribeSecurityGroups']);
  });

  it('reads the drifted estate through the SDK and finds what the snapshot audit finds', async () => {
    const live = await auditLive('production-drifted.json');
    expect(live.code).toBe(1);
    const offline = await run(
      process.execPath,
      [BIN, 'audit', '-e', 'production', '-s', 'examples/production-drifted.json', '--format', 'json'],
      { cwd: ROOT },
    ).catch((error) => error);
    const checks = (report: string) =>
      JSON.parse(report).findings.map(
        (finding: { check: string; groupId: string }) => `${finding.check} ${finding.groupId}`,
      );
    expect(checks(live.stdout)).toEqual(checks(offline.stdout));
  });
});
