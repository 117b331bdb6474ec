import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type Filter,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import type { SecurityGroupReader, SecurityGroupRuleReader } from '../app/ports';
import { normalizeGroup, normalizeGroupRules, type RawSecurityGroupRule } from '../model/normalize';
import type { Rule, SecurityGroup } from '../model/types';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = [
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeNetworkInterfaces',
] as const;

// DescribeSecurityGroups accepts at most 200 filter values; the largest page is 1000.
const MAX_FILTER_VALUES = 200;
const PAGE_SIZE = 1000;
// DescribeSecurityGroupRules pages hold at most 1000 rules.
const RULES_PAGE_SIZE = 1000;

/** Reads security groups and interface attachments with the SDK (region and endpoint from the environment). */
export function createEc2Reader(
  client: EC2Client = new EC2Client({ retryMode: 'adaptive' }),
): SecurityGroupReader & SecurityGroupRuleReader {
  // A filter, unlike GroupIds, does not fail the whole call when one of the groups was deleted.
  const describeFiltered = async (name: string, values: readonly string[]) => {
    const groups: SecurityGroup[] = [];
    for (let start = 0; start < values.length; start += MAX_FILTER_VALUES) {
      const Filters: Filter[] = [{ Name: name, Values: values.slice(start, start + MAX_FILTER_VALUES) }];
      let NextToken: string | undefined;
      do {
        const page = await client.send(new DescribeSecurityGroupsCommand({ Filters, NextToken }));
        for (const raw of page.SecurityGroups ?? []) groups.push(normalizeGroup(raw));
        NextToken = page.NextToken;
      } while (NextToken);
    }
    return groups;
  };
  return {
    async describeGroupRules(groupIds) {
      const rows: RawSecurityGroupRule[] = [];
      const ids = unique(groupIds);
      for (let start = 0; start < ids.length; start += MAX_FILTER_VALUES) {
        const Filters: Filter[] = [{ Name: 'group-id', Values: ids.slice(start, start + MAX_FILTER_VALUES) }];
        let NextToken: string | undefined;
        do {
          const page = await client.send(
            new DescribeSecurityGroupRulesCommand({ Filters, MaxResults: RULES_PAGE_SIZE, NextToken }),
          );
          rows.push(...(page.SecurityGroupRules ?? []));
          NextToken = page.NextToken;
        } while (NextToken);
      }
      return normalizeGroupRules(rows) as Map<string, Rule[]>;
    },
    describeGroups: (groupIds) => describeFiltered('group-id', unique(groupIds)),
    describeGroupsByName: (groupNames) => describeFiltered('group-name', unique(groupNames)),
    describeGroupsByNameTag: (names) => describeFiltered('tag:Name', unique(names)),
    async listGroups() {
      const groups: SecurityGroup[] = [];
      for await (const page of paginateDescribeSecurityGroups({ client }, { MaxResults: PAGE_SIZE })) {
        for (const raw of page.SecurityGroups ?? []) groups.push(normalizeGroup(raw));
      }
      return groups;
    },
    async listAttachedGroupIds() {
      const attached = new Set<string>();
      for await (const page of paginateDescribeNetworkInterfaces({ client }, { MaxResults: PAGE_SIZE })) {
        for (const eni of page.NetworkInterfaces ?? []) {
          for (const group of eni.Groups ?? []) if (group.GroupId) attached.add(group.GroupId);
        }
      }
      return attached;
    },
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
