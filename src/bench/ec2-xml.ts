/**
 * EC2's query-protocol XML for the two describe calls the audit makes, rendered from
 * describe-security-groups JSON (the AWS CLI's shape). Shared by the tests' local AWS endpoint and
 * the benchmark's quota-ceiling endpoint, so both speak exactly what the SDK parses.
 */

// biome-ignore lint/suspicious/noExplicitAny: describe-security-groups JSON, rendered to EC2's XML
type Raw = any;

export const escapeXml = (text: unknown) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const element = (name: string, value: unknown) =>
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
  return `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>${info}${element('nextToken', nextToken)}</DescribeSecurityGroupsResponse>`;
}

/** A DescribeNetworkInterfaces answer; `nextToken` when more pages follow. */
export function interfacesXml(interfaces: Raw[] | undefined, nextToken?: string): string {
  const set = items(
    'networkInterfaceSet',
    interfaces,
    (eni) =>
      element('networkInterfaceId', eni.NetworkInterfaceId) +
      items(
        'groupSet',
        eni.Groups,
        (group) => element('groupId', group.GroupId) + element('groupName', group.GroupName),
      ),
  );
  return `<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId>${set}${element('nextToken', nextToken)}</DescribeNetworkInterfacesResponse>`;
}
