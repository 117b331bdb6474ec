/**
 * EC2's query-protocol XML for the describe calls the audit makes, rendered from the AWS CLI's
 * JSON shapes and laid out as the EC2 API reference shows its answers: an XML declaration, one
 * element a line, four spaces an indentation level, empty elements as `<name/>`. Shared by the
 * tests' local AWS endpoint and the benchmark's quota-ceiling endpoint, so both speak exactly what
 * the SDK parses, at the larger of the two sizes (the layout about doubles a security-group page).
 */

// biome-ignore lint/suspicious/noExplicitAny: describe-security-groups JSON, rendered to EC2's XML
type Raw = any;

export const escapeXml = (text: unknown) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const element = (name: string, value: unknown) =>
  value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
const items = (name: string, list: Raw[] | undefined, render: (item: Raw) => string) =>
  `<${name}>${(list ?? []).map((item) => `<item>${render(item)}</item>`).join('')}</${name}>`;

/** A peer entry of a permission: its value element and its description. */
const described = (name: string, field: string) => (entry: Raw) =>
  element(name, entry[field]) + element('description', entry.Description);

function permissionXml(permission: Raw): string {
  return [
    element('ipProtocol', permission.IpProtocol),
    element('fromPort', permission.FromPort),
    element('toPort', permission.ToPort),
    items(
      'groups',
      permission.UserIdGroupPairs,
      (pair) => element('userId', pair.UserId) + described('groupId', 'GroupId')(pair),
    ),
    items('ipRanges', permission.IpRanges, described('cidrIp', 'CidrIp')),
    items('ipv6Ranges', permission.Ipv6Ranges, described('cidrIpv6', 'CidrIpv6')),
    items('prefixListIds', permission.PrefixListIds, described('prefixListId', 'PrefixListId')),
  ].join('');
}

/** A DescribeSecurityGroups answer; `nextToken` when more pages follow (MaxResults paging). */
export function groupsXml(groups: Raw[], nextToken?: string): string {
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
  return response('DescribeSecurityGroups', 'r-1', info, nextToken);
}

const optional = (name: string, value: Raw | undefined, render: (item: Raw) => string) =>
  value === undefined ? '' : `<${name}>${render(value)}</${name}>`;
const association = (owner: Raw) =>
  optional('association', owner.Association, (found) => element('publicIp', found.PublicIp));

/** A DescribeNetworkInterfaces answer (what exposure reads of it); `nextToken` when more pages follow. */
export function interfacesXml(interfaces: Raw[] | undefined, nextToken?: string): string {
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
      element('requesterManaged', eni.RequesterManaged) +
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
  return response('DescribeNetworkInterfaces', 'r-2', set, nextToken);
}

/** A DescribeRouteTables answer. */
export function routeTablesXml(tables: Raw[] | undefined, nextToken?: string): string {
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
  return response('DescribeRouteTables', 'r-4', set, nextToken);
}

/** An answer to `action`: its request id, its body and the next page's token, laid out as EC2's. */
function response(action: string, requestId: string, body: string, nextToken: string | undefined): string {
  return ec2Layout(
    `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${element('requestId', requestId)}${body}${element('nextToken', nextToken)}</${action}Response>`,
  );
}

const INDENTS = Array.from({ length: 16 }, (_, depth) => ' '.repeat(4 * depth));

/**
 * Compact XML (elements only, text escaped) laid out as EC2's answers: a declaration, then one
 * element a line indented four spaces a level, a leaf with its text on its line, an empty element
 * as `<name/>`.
 */
export function ec2Layout(compact: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const indent = (depth: number) => INDENTS[depth] ?? ' '.repeat(4 * depth);
  let depth = 0;
  let at = compact.indexOf('<');
  while (at !== -1) {
    const close = compact.indexOf('>', at);
    const tag = compact.slice(at, close + 1);
    if (tag.startsWith('</')) {
      depth -= 1;
      lines.push(indent(depth) + tag);
      at = compact.indexOf('<', close + 1);
      continue;
    }
    const name = tag.slice(1, -1).split(' ')[0] as string;
    const end = `</${name}>`;
    const next = compact.indexOf('<', close + 1);
    if (compact.startsWith(end, next)) {
      const text = compact.slice(close + 1, next);
      lines.push(indent(depth) + (text === '' ? `<${name}/>` : tag + text + end));
      at = compact.indexOf('<', next + end.length);
      continue;
    }
    lines.push(indent(depth) + tag);
    depth += 1;
    at = next;
  }
  return lines.join('\n');
}
