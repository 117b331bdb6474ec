import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandInput,
  EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { SecurityGroupReader, SecurityGroupRuleReader } from '../app/ports';
import { normalizeNetworkInterfaces } from '../model/interfaces';
import { normalizeGroup, normalizeGroupRules } from '../model/normalize';
import { readRouteTables } from '../model/route-tables';
import type { Rule } from '../model/types';
import { BodyBuffer } from './body-buffer';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';
import { allItems, pages } from './pages';
import { readDescribeSecurityGroupsXml, type SecurityGroupsPage } from './security-groups-xml';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = [
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
] as const;

// DescribeSecurityGroups accepts at most 200 filter values; the largest page is 1000.
const MAX_FILTER_VALUES = 200;
const PAGE_SIZE = 1000;
/**
 * Groups are listed in pages of 250, not 1000. At the quota ceiling (120 rules a group) a page of
 * 1000 groups in EC2's layout is ~65 MB of XML. The fast reader fits either way (~230 MB peak RSS
 * with 250 in npm run bench, ~300 MB with 1000 measured once), but an answer it declines goes to the SDK, which
 * holds a page's text, parse tree and output at once: ~400 MB at 250, 527-668 MB at 1000, past the
 * function's 512 MB. 10 pages instead of 3 stay far below the ≤ 20 EC2 calls an account-region may cost.
 */
const GROUPS_PAGE_SIZE = 250;
// DescribeSecurityGroupRules pages hold at most 1000 rules.
const RULES_PAGE_SIZE = 1000;
// DescribeRouteTables pages hold at most 100 tables (a region has a few dozen).
const ROUTE_TABLES_PAGE_SIZE = 100;
/** 500 pages of 1000 is far beyond any region's groups, rules or interfaces: more is a loop. */
const MAX_PAGES = 500;

/** The daily audit's and the CLI's reads: pages of up to 1000 groups may take seconds to answer. */
export const EC2_READ_TIMEOUTS: CallTimeouts = { connectionMs: 1000, requestMs: 10_000, maxAttempts: 3 };

export interface Ec2ReaderOptions {
  /** Pages followed per listing before it stops with a PaginationError. */
  maxPages?: number;
}

/** Reads security groups, network interfaces and route tables with the SDK (region and endpoint from the environment). */
export function createEc2Reader(
  client: EC2Client = new EC2Client({ ...clientTimeouts(EC2_READ_TIMEOUTS), retryMode: 'adaptive' }),
  { maxPages = MAX_PAGES }: Ec2ReaderOptions = {},
): SecurityGroupReader & SecurityGroupRuleReader {
  /** Every item of a listing, one filter chunk after another (a filter takes at most 200 values). */
  const filtered = async <Page extends { NextToken?: string }, Item>(
    operation: string,
    name: string,
    values: readonly string[],
    fetch: (Filters: Filter[], NextToken: string | undefined) => Promise<Page>,
    itemsOf: (page: Page) => readonly Item[] | undefined,
  ) => {
    const all: Item[] = [];
    for (const Filters of filterChunks(name, values)) {
      const listing = pages(operation, (NextToken) => fetch(Filters, NextToken), maxPages);
      for (const item of await allItems(listing, itemsOf)) all.push(item);
    }
    return all;
  };
  // A filter, unlike GroupIds, does not fail the whole call when one of the groups was deleted.
  const describeFiltered = (name: string, values: readonly string[]) => {
    const bodies = new BodyBuffer();
    return filtered(
      'DescribeSecurityGroups',
      name,
      values,
      (Filters, NextToken) => describeSecurityGroups(client, { Filters, NextToken }, bodies),
      (page) => page.groups,
    );
  };
  // The filters, unlike NetworkInterfaceIds, do not fail the call when an interface is gone.
  const describeInterfacesFiltered = async (name: string, values: readonly string[]) =>
    normalizeNetworkInterfaces(
      await filtered(
        'DescribeNetworkInterfaces',
        name,
        values,
        (Filters, NextToken) =>
          client.send(new DescribeNetworkInterfacesCommand({ Filters, MaxResults: PAGE_SIZE, NextToken })),
        (page) => page.NetworkInterfaces,
      ),
    );
  return {
    async describeGroupRules(groupIds) {
      const rows = await filtered(
        'DescribeSecurityGroupRules',
        'group-id',
        unique(groupIds),
        (Filters, NextToken) =>
          client.send(
            new DescribeSecurityGroupRulesCommand({ Filters, MaxResults: RULES_PAGE_SIZE, NextToken }),
          ),
        (page) => page.SecurityGroupRules,
      );
      return normalizeGroupRules(rows) as Map<string, Rule[]>;
    },
    describeGroups: (groupIds) => describeFiltered('group-id', unique(groupIds)),
    describeGroupsByName: (groupNames) => describeFiltered('group-name', unique(groupNames)),
    describeGroupsByNameTag: (names) => describeFiltered('tag:Name', unique(names)),
    async describeInterfaces({ interfaceIds = [], instanceIds = [] }) {
      const byId = await describeInterfacesFiltered('network-interface-id', unique(interfaceIds));
      const byInstance = await describeInterfacesFiltered('attachment.instance-id', unique(instanceIds));
      const seen = new Set(byId.map((networkInterface) => networkInterface.interfaceId));
      return [...byId, ...byInstance.filter((networkInterface) => !seen.has(networkInterface.interfaceId))];
    },
    listGroups: () => {
      const bodies = new BodyBuffer();
      return allItems(
        pages(
          'DescribeSecurityGroups',
          (NextToken) => describeSecurityGroups(client, { MaxResults: GROUPS_PAGE_SIZE, NextToken }, bodies),
          maxPages,
        ),
        (page) => page.groups,
      );
    },
    // The SDK's output has the CLI JSON's field names: the snapshot's normalizer reads both.
    listNetworkInterfaces: async () =>
      normalizeNetworkInterfaces(
        await allItems(
          pages(
            'DescribeNetworkInterfaces',
            (NextToken) =>
              client.send(new DescribeNetworkInterfacesCommand({ MaxResults: PAGE_SIZE, NextToken })),
            maxPages,
          ),
          (page) => page.NetworkInterfaces,
        ),
      ),
    async listRouteTables() {
      const listing = pages(
        'DescribeRouteTables',
        (NextToken) =>
          client.send(new DescribeRouteTablesCommand({ MaxResults: ROUTE_TABLES_PAGE_SIZE, NextToken })),
        maxPages,
      );
      try {
        return readRouteTables(await allItems(listing, (page) => page.RouteTables));
      } catch (error) {
        // The member stack grants ec2:DescribeRouteTables since the exposure checks: until a StackSet
        // update reaches an account, its audit judges exposure on public addresses alone rather than
        // failing the whole account-region.
        if (error instanceof Error && error.name === 'UnauthorizedOperation') return undefined;
        throw error;
      }
    },
  };
}

/**
 * One DescribeSecurityGroups page, its groups canonical. A 2xx answer is read straight to canonical
 * groups by readDescribeSecurityGroupsXml, instead of the SDK's generic XML parser and schema walk
 * and normalizeGroup over its output (most of the quota-ceiling item's CPU and memory). The SDK still
 * signs, sends, times out and retries the call; an error status, or a body the fast reader does not
 * read exactly as the SDK and normalizeGroup would, goes to the SDK's deserializer and normalizeGroup
 * as before.
 */
export async function describeSecurityGroups(
  client: EC2Client,
  input: DescribeSecurityGroupsCommandInput,
  bodies: BodyBuffer = new BodyBuffer(),
): Promise<SecurityGroupsPage> {
  let fast: SecurityGroupsPage | undefined;
  const command = new DescribeSecurityGroupsCommand(input);
  // Below the SDK's deserializer: a 2xx body the fast reader reads is this page, and the SDK
  // then deserializes an empty body; any other body goes on to it unchanged.
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) return result;
      const bytes = await bodies.read(response.body);
      if (bytes === undefined) return result;
      fast = readDescribeSecurityGroupsXml(bytes);
      // `bytes` is the listing's buffer, which only its next page overwrites: the SDK has read it
      // (or failed) by then, within this send. No copy: it would be a page more at the fallback's peak.
      response.body = fast === undefined ? bytes : new Uint8Array(0);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'sgDriftFastSecurityGroupsRead' },
  );
  const output = await client.send(command);
  if (fast !== undefined) return fast;
  const groups = (output.SecurityGroups ?? []).map((raw) => normalizeGroup(raw));
  return output.NextToken === undefined ? { groups } : { NextToken: output.NextToken, groups };
}

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

/** One filter per MAX_FILTER_VALUES values: the most one filter takes. */
function filterChunks(name: string, values: readonly string[]): Filter[][] {
  const chunks: Filter[][] = [];
  for (let start = 0; start < values.length; start += MAX_FILTER_VALUES) {
    chunks.push([{ Name: name, Values: values.slice(start, start + MAX_FILTER_VALUES) }]);
  }
  return chunks;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
