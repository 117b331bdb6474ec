/**
 * A local stand-in for the AWS endpoints the monitor calls, speaking their real wire protocols:
 * EC2 (query protocol, XML answers built from a describe-security-groups snapshot, with the
 * group-id / group-name filters applied), SNS Publish (query, XML) and CloudWatch PutMetricData
 * (JSON 1.0). Point the SDK at it with AWS_ENDPOINT_URL. Every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// biome-ignore lint/suspicious/noExplicitAny: describe-security-groups JSON, rendered to EC2's XML
type Raw = any;

export interface RecordedRequest {
  service: 'ec2' | 'sns' | 'cloudwatch' | 'sts';
  action: string;
  headers: IncomingHttpHeaders;
  /** Form fields (query protocols) or the raw body (JSON protocol). */
  params: URLSearchParams;
  body: string;
}

export class FakeAwsEndpoint {
  readonly requests: RecordedRequest[] = [];
  snapshot: Raw = { SecurityGroups: [], NetworkInterfaces: [] };
  /** EC2 actions answered with this error code, e.g. RequestLimitExceeded (HTTP 503, as EC2 throttles). */
  readonly ec2Errors = new Map<string, string>();
  /** Services that never answer: the request is recorded and the connection left open. */
  readonly silent = new Set<RecordedRequest['service']>();
  /** STS AssumeRole: which roles refuse, and the credentials issued so far. */
  readonly sts = new FakeSts();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const answer = this.answer(request.headers, body);
        if (answer === null) return;
        response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.payload);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    // Requests to a silent service are still open: close them, or close() waits for them forever.
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  calls(service: RecordedRequest['service'], action?: string): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.service === service && (!action || request.action === action),
    );
  }

  /** The answer to one request; null leaves it unanswered (a silent service). */
  private answer(
    headers: IncomingHttpHeaders,
    body: string,
  ): { status: number; type: string; payload: string } | null {
    const target = String(headers['x-amz-target'] ?? '');
    if (target.endsWith('.PutMetricData')) {
      this.requests.push({
        service: 'cloudwatch',
        action: 'PutMetricData',
        headers,
        params: new URLSearchParams(),
        body,
      });
      if (this.silent.has('cloudwatch')) return null;
      return { status: 200, type: 'application/x-amz-json-1.0', payload: '{}' };
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    if (action === 'AssumeRole') return this.sts.answer(this.requests, headers, params, body);
    if (action === 'Publish') {
      this.requests.push({ service: 'sns', action, headers, params, body });
      if (this.silent.has('sns')) return null;
      return { status: 200, type: 'text/xml', payload: PUBLISH_RESPONSE };
    }
    this.requests.push({ service: 'ec2', action, headers, params, body });
    if (this.silent.has('ec2')) return null;
    const error = this.ec2Errors.get(action);
    if (error) {
      return {
        status: error === 'RequestLimitExceeded' ? 503 : 400,
        type: 'text/xml',
        payload: `<Response><Errors><Error><Code>${error}</Code><Message>${action}: ${error}</Message></Error></Errors><RequestID>r-3</RequestID></Response>`,
      };
    }
    if (action === 'DescribeSecurityGroups') return xml(groupsXml(this.filtered(params)));
    if (action === 'DescribeNetworkInterfaces') return xml(interfacesXml(this.snapshot.NetworkInterfaces));
    if (action === 'DescribeRouteTables') return xml(routeTablesXml(this.snapshot.RouteTables));
    return {
      status: 400,
      type: 'text/xml',
      payload: `<Response><Errors><Error><Code>Unsupported</Code><Message>${action}</Message></Error></Errors></Response>`,
    };
  }

  /** The groups matching every `Filter.N` of the request (group-id, group-name, tag:Name). */
  private filtered(params: URLSearchParams): Raw[] {
    let groups: Raw[] = this.snapshot.SecurityGroups;
    for (let n = 1; params.has(`Filter.${n}.Name`); n += 1) {
      const name = params.get(`Filter.${n}.Name`);
      const values = [...params.entries()]
        .filter(([key]) => key.startsWith(`Filter.${n}.Value.`))
        .map(([, value]) => value);
      const field = (group: Raw) =>
        name === 'group-id'
          ? group.GroupId
          : name === 'group-name'
            ? group.GroupName
            : group.Tags?.find((tag: Raw) => tag.Key === 'Name')?.Value;
      groups = groups.filter((group) => values.includes(field(group)));
    }
    return groups;
  }
}

const PUBLISH_RESPONSE =
  '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>';

const xml = (payload: string) => ({ status: 200, type: 'text/xml', payload });
const escapeXml = (text: unknown) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const element = (name: string, value: unknown) =>
  value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
const items = (name: string, list: Raw[] | undefined, render: (item: Raw) => string) =>
  `<${name}>${(list ?? []).map((item) => `<item>${render(item)}</item>`).join('')}</${name}>`;

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

function groupsXml(groups: Raw[]): string {
  const info = items('securityGroupInfo', groups, (group) =>
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
  return `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>${info}</DescribeSecurityGroupsResponse>`;
}

const optional = (name: string, value: Raw | undefined, render: (item: Raw) => string) =>
  value === undefined ? '' : `<${name}>${render(value)}</${name}>`;
const association = (owner: Raw) =>
  optional('association', owner.Association, (found) => element('publicIp', found.PublicIp));

function interfacesXml(interfaces: Raw[] | undefined): string {
  const set = items(
    'networkInterfaceSet',
    interfaces,
    (eni) =>
      element('networkInterfaceId', eni.NetworkInterfaceId) +
      element('subnetId', eni.SubnetId) +
      element('vpcId', eni.VpcId) +
      element('description', eni.Description) +
      element('status', eni.Status) +
      element('interfaceType', eni.InterfaceType) +
      element('requesterId', eni.RequesterId) +
      optional(
        'attachment',
        eni.Attachment,
        (attachment) =>
          element('instanceId', attachment.InstanceId) +
          element('instanceOwnerId', attachment.InstanceOwnerId),
      ) +
      association(eni) +
      items(
        'privateIpAddressesSet',
        eni.PrivateIpAddresses,
        (address) => element('privateIpAddress', address.PrivateIpAddress) + association(address),
      ) +
      items('ipv6AddressesSet', eni.Ipv6Addresses, (address) => element('ipv6Address', address.Ipv6Address)) +
      items(
        'groupSet',
        eni.Groups,
        (group) => element('groupId', group.GroupId) + element('groupName', group.GroupName),
      ),
  );
  return `<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId>${set}</DescribeNetworkInterfacesResponse>`;
}

function routeTablesXml(tables: Raw[] | undefined): string {
  const set = items(
    'routeTableSet',
    tables,
    (table) =>
      element('routeTableId', table.RouteTableId) +
      element('vpcId', table.VpcId) +
      items(
        'routeSet',
        table.Routes,
        (route) =>
          element('destinationCidrBlock', route.DestinationCidrBlock) +
          element('destinationIpv6CidrBlock', route.DestinationIpv6CidrBlock) +
          element('gatewayId', route.GatewayId) +
          element('natGatewayId', route.NatGatewayId) +
          element('state', route.State),
      ) +
      items(
        'associationSet',
        table.Associations,
        (link) =>
          element('routeTableAssociationId', link.RouteTableAssociationId) +
          element('subnetId', link.SubnetId) +
          element('main', link.Main),
      ),
  );
  return `<DescribeRouteTablesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-4</requestId>${set}</DescribeRouteTablesResponse>`;
}

/** An issued set of temporary credentials, as AssumeRole returned them. */
export interface IssuedCredentials {
  roleArn: string;
  sessionName: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * STS AssumeRole over the query protocol: `Action=AssumeRole&RoleArn=…&RoleSessionName=…`, answered
 * with the documented `AssumeRoleResponse` XML (or the `ErrorResponse` AWS sends on AccessDenied).
 * Each call issues new credentials whose key id names the account, so a test can tell whose they are.
 */
export class FakeSts {
  /** Role ARNs that do not trust the caller: AssumeRole answers 403 AccessDenied. */
  readonly deniedRoleArns = new Set<string>();
  readonly issued: IssuedCredentials[] = [];

  answer(log: RecordedRequest[], headers: IncomingHttpHeaders, params: URLSearchParams, body: string) {
    log.push({ service: 'sts', action: 'AssumeRole', headers, params, body });
    const roleArn = params.get('RoleArn') ?? '';
    if (this.deniedRoleArns.has(roleArn)) {
      const message = `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
      return {
        status: 403,
        type: 'text/xml',
        payload: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${escapeXml(message)}</Message></Error><RequestId>r-sts-denied</RequestId></ErrorResponse>`,
      };
    }
    const account = roleArn.split(':')[4] ?? '';
    const serial = this.issued.length + 1;
    const credentials: IssuedCredentials = {
      roleArn,
      sessionName: params.get('RoleSessionName') ?? '',
      accessKeyId: `ASIA${account}X${serial}`,
      secretAccessKey: `secret-${account}-${serial}`,
      sessionToken: `token-${account}-${serial}`,
    };
    this.issued.push(credentials);
    const seconds = Number(params.get('DurationSeconds') ?? 3600);
    const expiration = new Date(Date.now() + seconds * 1000).toISOString();
    return xml(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>${escapeXml(roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/'))}/${escapeXml(credentials.sessionName)}</Arn><AssumedRoleId>AROAFAKE:${escapeXml(credentials.sessionName)}</AssumedRoleId></AssumedRoleUser><Credentials>${element('AccessKeyId', credentials.accessKeyId)}${element('SecretAccessKey', credentials.secretAccessKey)}${element('SessionToken', credentials.sessionToken)}${element('Expiration', expiration)}</Credentials></AssumeRoleResult><ResponseMetadata><RequestId>r-sts-${serial}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }
}
