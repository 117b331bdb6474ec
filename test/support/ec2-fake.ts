/**
 * A stateful in-memory EC2 for tests: security groups with `sgr-` rule ids, and the semantics of
 * Describe*, Authorize*, Revoke* and ModifySecurityGroupRules that the monitor relies on
 * (duplicates, not-found, filters, pagination). Plugged into aws-sdk-client-mock with `attach`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type IpPermission,
  ModifySecurityGroupRulesCommand,
  type NetworkInterface,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
  type SecurityGroupRule,
  type SecurityGroupRuleRequest,
} from '@aws-sdk/client-ec2';
import type { AwsStub } from 'aws-sdk-client-mock';

export const EXAMPLES = join(__dirname, '../../examples');

interface FakeGroup {
  meta: Omit<SecurityGroup, 'IpPermissions' | 'IpPermissionsEgress'>;
  rules: SecurityGroupRule[];
}

export class AwsError extends Error {
  constructor(code: string, message = code) {
    super(message);
    this.name = code;
  }
}

export class Ec2Fake {
  readonly groups = new Map<string, FakeGroup>();
  networkInterfaces: NetworkInterface[] = [];
  routeTables: unknown[] = [];
  private nextRule = 1;

  /** Loads `examples/<name>.json` (describe-security-groups output plus NetworkInterfaces). */
  static fromExample(name: string): Ec2Fake {
    const raw = JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8'));
    const fake = new Ec2Fake();
    for (const group of raw.SecurityGroups as SecurityGroup[]) fake.addGroup(group);
    fake.networkInterfaces = raw.NetworkInterfaces ?? [];
    fake.routeTables = raw.RouteTables ?? [];
    return fake;
  }

  addGroup(group: SecurityGroup): void {
    const { IpPermissions = [], IpPermissionsEgress = [], ...meta } = group;
    const id = meta.GroupId as string;
    this.groups.set(id, { meta, rules: [] });
    this.insert(id, false, IpPermissions);
    this.insert(id, true, IpPermissionsEgress);
  }

  groupIdByName(name: string): string {
    for (const [id, group] of this.groups) if (group.meta.GroupName === name) return id;
    throw new Error(`no group named ${name}`);
  }

  rulesOf(groupId: string): SecurityGroupRule[] {
    return this.groups.get(groupId)?.rules ?? [];
  }

  // ---- API semantics ----

  describeSecurityGroups(input: {
    GroupIds?: string[];
    Filters?: { Name?: string; Values?: string[] }[];
    MaxResults?: number;
    NextToken?: string;
  }) {
    let groups = [...this.groups.values()];
    for (const id of input.GroupIds ?? [])
      if (!this.groups.has(id)) throw new AwsError('InvalidGroup.NotFound');
    if (input.GroupIds)
      groups = groups.filter((group) => input.GroupIds?.includes(group.meta.GroupId as string));
    for (const filter of input.Filters ?? []) groups = groups.filter((group) => matches(group, filter));
    const start = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? groups.length;
    const page = groups.slice(start, start + size);
    return {
      SecurityGroups: page.map((group) => this.toDescribed(group)),
      NextToken: start + size < groups.length ? String(start + size) : undefined,
    };
  }

  describeSecurityGroupRules(input: { Filters?: { Name?: string; Values?: string[] }[] }) {
    const ids = input.Filters?.find((filter) => filter.Name === 'group-id')?.Values ?? [
      ...this.groups.keys(),
    ];
    return { SecurityGroupRules: ids.flatMap((id) => this.rulesOf(id).map((rule) => ({ ...rule }))) };
  }

  describeNetworkInterfaces(input: {
    Filters?: { Name?: string; Values?: string[] }[];
    MaxResults?: number;
    NextToken?: string;
  }) {
    let interfaces = this.networkInterfaces;
    for (const filter of input.Filters ?? []) {
      interfaces = interfaces.filter((eni) => interfaceMatches(eni, filter));
    }
    const start = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? interfaces.length;
    return {
      NetworkInterfaces: interfaces.slice(start, start + size),
      NextToken: start + size < interfaces.length ? String(start + size) : undefined,
    };
  }

  authorize(isEgress: boolean, input: { GroupId?: string; IpPermissions?: IpPermission[] }) {
    const group = this.group(input.GroupId);
    const added = expand(input.GroupId as string, isEgress, input.IpPermissions ?? []);
    for (const rule of added) {
      if (group.rules.some((existing) => sameRule(existing, rule)))
        throw new AwsError('InvalidPermission.Duplicate');
    }
    return {
      Return: true,
      SecurityGroupRules: this.insert(input.GroupId as string, isEgress, input.IpPermissions ?? []),
    };
  }

  revoke(
    isEgress: boolean,
    input: { GroupId?: string; SecurityGroupRuleIds?: string[]; IpPermissions?: IpPermission[] },
  ) {
    const group = this.group(input.GroupId);
    if (input.SecurityGroupRuleIds) {
      for (const id of input.SecurityGroupRuleIds) {
        const rule = group.rules.find((candidate) => candidate.SecurityGroupRuleId === id);
        if (!rule || rule.IsEgress !== isEgress) throw new AwsError('InvalidSecurityGroupRuleId.NotFound');
      }
      group.rules = group.rules.filter(
        (rule) => !input.SecurityGroupRuleIds?.includes(rule.SecurityGroupRuleId as string),
      );
      return { Return: true };
    }
    const wanted = expand(input.GroupId as string, isEgress, input.IpPermissions ?? []);
    const before = group.rules.length;
    group.rules = group.rules.filter((rule) => !wanted.some((want) => sameRule(rule, want)));
    if (group.rules.length === before) throw new AwsError('InvalidPermission.NotFound');
    return { Return: true };
  }

  modify(input: {
    GroupId?: string;
    SecurityGroupRules?: { SecurityGroupRuleId?: string; SecurityGroupRule?: SecurityGroupRuleRequest }[];
  }) {
    const group = this.group(input.GroupId);
    for (const update of input.SecurityGroupRules ?? []) {
      const rule = group.rules.find(
        (candidate) => candidate.SecurityGroupRuleId === update.SecurityGroupRuleId,
      );
      if (!rule) throw new AwsError('InvalidSecurityGroupRuleId.NotFound');
      const next = update.SecurityGroupRule ?? {};
      rule.IpProtocol = next.IpProtocol;
      rule.FromPort = next.FromPort;
      rule.ToPort = next.ToPort;
      rule.CidrIpv4 = next.CidrIpv4;
      rule.CidrIpv6 = next.CidrIpv6;
      rule.PrefixListId = next.PrefixListId;
      rule.ReferencedGroupInfo = next.ReferencedGroupId ? { GroupId: next.ReferencedGroupId } : undefined;
      rule.Description = next.Description;
    }
    return { Return: true };
  }

  /** Routes every EC2 command of a mocked client to this fake. */
  // biome-ignore lint/suspicious/noExplicitAny: the stub's input/output unions are the whole EC2 API
  attach(mock: AwsStub<any, any, any>): this {
    mock.on(DescribeSecurityGroupsCommand).callsFake((input) => this.describeSecurityGroups(input));
    mock.on(DescribeSecurityGroupRulesCommand).callsFake((input) => this.describeSecurityGroupRules(input));
    mock.on(DescribeNetworkInterfacesCommand).callsFake((input) => this.describeNetworkInterfaces(input));
    mock.on(DescribeRouteTablesCommand).callsFake(() => ({ RouteTables: this.routeTables }));
    mock.on(AuthorizeSecurityGroupIngressCommand).callsFake((input) => this.authorize(false, input));
    mock.on(AuthorizeSecurityGroupEgressCommand).callsFake((input) => this.authorize(true, input));
    mock.on(RevokeSecurityGroupIngressCommand).callsFake((input) => this.revoke(false, input));
    mock.on(RevokeSecurityGroupEgressCommand).callsFake((input) => this.revoke(true, input));
    mock.on(ModifySecurityGroupRulesCommand).callsFake((input) => this.modify(input));
    return this;
  }

  private group(id: string | undefined): FakeGroup {
    const group = id ? this.groups.get(id) : undefined;
    if (!group) throw new AwsError('InvalidGroup.NotFound');
    return group;
  }

  private insert(groupId: string, isEgress: boolean, permissions: IpPermission[]): SecurityGroupRule[] {
    const rules = expand(groupId, isEgress, permissions).map((rule) => ({
      ...rule,
      SecurityGroupRuleId: `sgr-${String(this.nextRule++).padStart(17, '0')}`,
    }));
    this.groups.get(groupId)?.rules.push(...rules);
    return rules;
  }

  private toDescribed(group: FakeGroup): SecurityGroup {
    const permissions = (egress: boolean) =>
      group.rules.filter((rule) => rule.IsEgress === egress).map(toPermission);
    return { ...group.meta, IpPermissions: permissions(false), IpPermissionsEgress: permissions(true) };
  }
}

function matches(group: FakeGroup, filter: { Name?: string; Values?: string[] }): boolean {
  const values = filter.Values ?? [];
  switch (filter.Name) {
    case 'group-id':
      return values.includes(group.meta.GroupId as string);
    case 'group-name':
      return values.includes(group.meta.GroupName as string);
    case 'tag:Name':
      return values.includes(group.meta.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? '');
    default:
      throw new AwsError('InvalidParameterValue', `filter ${filter.Name} not supported by the fake`);
  }
}

function interfaceMatches(eni: NetworkInterface, filter: { Name?: string; Values?: string[] }): boolean {
  const values = filter.Values ?? [];
  switch (filter.Name) {
    case 'network-interface-id':
      return values.includes(eni.NetworkInterfaceId ?? '');
    case 'attachment.instance-id':
      return values.includes(eni.Attachment?.InstanceId ?? '');
    default:
      throw new AwsError('InvalidParameterValue', `filter ${filter.Name} not supported by the fake`);
  }
}

function expand(groupId: string, isEgress: boolean, permissions: IpPermission[]): SecurityGroupRule[] {
  return permissions.flatMap((permission) => {
    const base = {
      GroupId: groupId,
      IsEgress: isEgress,
      IpProtocol: permission.IpProtocol,
      FromPort: permission.IpProtocol === '-1' ? -1 : permission.FromPort,
      ToPort: permission.IpProtocol === '-1' ? -1 : permission.ToPort,
    };
    return [
      ...(permission.IpRanges ?? []).map((range) => ({
        ...base,
        CidrIpv4: range.CidrIp,
        Description: range.Description,
      })),
      ...(permission.Ipv6Ranges ?? []).map((range) => ({
        ...base,
        CidrIpv6: range.CidrIpv6,
        Description: range.Description,
      })),
      ...(permission.PrefixListIds ?? []).map((list) => ({
        ...base,
        PrefixListId: list.PrefixListId,
        Description: list.Description,
      })),
      ...(permission.UserIdGroupPairs ?? []).map((pair) => ({
        ...base,
        ReferencedGroupInfo: { GroupId: pair.GroupId, UserId: pair.UserId },
        Description: pair.Description,
      })),
    ];
  });
}

function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return (
    a.IsEgress === b.IsEgress &&
    a.IpProtocol === b.IpProtocol &&
    (a.FromPort ?? -1) === (b.FromPort ?? -1) &&
    (a.ToPort ?? -1) === (b.ToPort ?? -1) &&
    a.CidrIpv4 === b.CidrIpv4 &&
    a.CidrIpv6 === b.CidrIpv6 &&
    a.PrefixListId === b.PrefixListId &&
    a.ReferencedGroupInfo?.GroupId === b.ReferencedGroupInfo?.GroupId
  );
}

function toPermission(rule: SecurityGroupRule): IpPermission {
  return {
    IpProtocol: rule.IpProtocol,
    ...(rule.IpProtocol === '-1' ? {} : { FromPort: rule.FromPort, ToPort: rule.ToPort }),
    IpRanges: rule.CidrIpv4 ? [{ CidrIp: rule.CidrIpv4, Description: rule.Description }] : [],
    Ipv6Ranges: rule.CidrIpv6 ? [{ CidrIpv6: rule.CidrIpv6, Description: rule.Description }] : [],
    PrefixListIds: rule.PrefixListId
      ? [{ PrefixListId: rule.PrefixListId, Description: rule.Description }]
      : [],
    UserIdGroupPairs: rule.ReferencedGroupInfo
      ? [
          {
            GroupId: rule.ReferencedGroupInfo.GroupId,
            UserId: rule.ReferencedGroupInfo.UserId,
            Description: rule.Description,
          },
        ]
      : [],
  };
}
