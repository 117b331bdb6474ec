/**
 * The interfaces the use cases need from the outside world. Adapters in src/aws implement them
 * with the SDK; tests and benchmarks implement them in memory.
 */
import type { NetworkInterface } from '../model/interfaces';
import type { InternetRoutes } from '../model/route-tables';
import type { Rule, SecurityGroup } from '../model/types';
import type { OutgoingAlert } from '../notify/outgoing-alert';

export interface SecurityGroupReader {
  /** The groups with these ids; an id that does not exist (deleted) is simply absent. */
  describeGroups(groupIds: readonly string[]): Promise<SecurityGroup[]>;
  /** Groups by name (default-VPC calls name a group instead of giving its id). */
  describeGroupsByName(groupNames: readonly string[]): Promise<SecurityGroup[]>;
  /** Groups by their `Name` tag (baseline selectors may use it instead of the group name). */
  describeGroupsByNameTag(names: readonly string[]): Promise<SecurityGroup[]>;
  /**
   * The interfaces with these ids, or attached to these instances (the change path of an attachment
   * event passes one kind: one paginated DescribeNetworkInterfaces). Deleted ones are simply absent.
   */
  describeInterfaces(query: InterfaceQuery): Promise<NetworkInterface[]>;
  /** Every group of the region (paginated). */
  listGroups(): Promise<SecurityGroup[]>;
  /** Every network interface of the region (paginated): what each group is attached to. */
  listNetworkInterfaces(): Promise<NetworkInterface[]>;
  /**
   * Which subnets an internet gateway reaches (every route table of the region, paginated);
   * undefined when the source has no route tables (a snapshot without `RouteTables`), or may not
   * read them (a member role from before `ec2:DescribeRouteTables`): exposure then rests on public
   * addresses alone, and its findings say so.
   */
  listRouteTables(): Promise<InternetRoutes | undefined>;
}

/** Which interfaces to read: by id (`network-interface-id`) and by instance (`attachment.instance-id`). */
export interface InterfaceQuery {
  interfaceIds?: readonly string[];
  instanceIds?: readonly string[];
}

/** Rules with their `sgr-` ids (DescribeSecurityGroupRules): what a revert plan revokes by id. */
export interface SecurityGroupRuleReader {
  /** The rules of these groups, keyed by group id; a group with no rules (or deleted) is absent. */
  describeGroupRules(groupIds: readonly string[]): Promise<Map<string, Rule[]>>;
}

/**
 * One rule written: `done`; `already-done` when EC2 says the revoke target is gone or the rule to
 * authorize exists (NotFound / Duplicate); `failed` with the AWS error code otherwise.
 */
export type RuleWriteResult =
  | { status: 'done' }
  | { status: 'already-done'; code: string }
  | { status: 'failed'; code: string; message: string };

/** `signal` aborts the call (its retries included) when the revert's time budget is spent. */
export interface SecurityGroupWriter {
  /** Revokes one rule by its `sgr-` id (`rule.ruleId`), ingress or egress per `rule.direction`. */
  revokeRule(groupId: string, rule: Rule, signal?: AbortSignal): Promise<RuleWriteResult>;
  /** Authorizes one rule (a concrete peer) with its description. */
  authorizeRule(groupId: string, rule: Rule, signal?: AbortSignal): Promise<RuleWriteResult>;
}

export type { OutgoingAlert } from '../notify/outgoing-alert';

export interface AlertPublisher {
  publish(alert: OutgoingAlert): Promise<void>;
}

export const MetricUnit = { Count: 'Count', Milliseconds: 'Milliseconds', None: 'None' } as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

export interface MetricDatum {
  name: string;
  value: number;
  unit: MetricUnit;
  dimensions: Record<string, string>;
}

export interface MetricsPublisher {
  /** Sends all data points in one PutMetricData call. */
  put(data: readonly MetricDatum[]): Promise<void>;
}
