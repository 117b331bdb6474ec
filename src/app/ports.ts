/**
 * The interfaces the use cases need from the outside world. Adapters in src/aws implement them
 * with the SDK; tests and benchmarks implement them in memory.
 */
import type { Direction, Rule, SecurityGroup } from '../model/types';

export interface SecurityGroupReader {
  /** The groups with these ids; an id that does not exist (deleted) is simply absent. */
  describeGroups(groupIds: readonly string[]): Promise<SecurityGroup[]>;
  /** Groups by name (default-VPC calls name a group instead of giving its id). */
  describeGroupsByName(groupNames: readonly string[]): Promise<SecurityGroup[]>;
  /** Groups by their `Name` tag (baseline selectors may use it instead of the group name). */
  describeGroupsByNameTag(names: readonly string[]): Promise<SecurityGroup[]>;
  /** Every group of the region (paginated). */
  listGroups(): Promise<SecurityGroup[]>;
  /** Ids of the groups attached to at least one network interface (paginated). */
  listAttachedGroupIds(): Promise<Set<string>>;
}

export interface SecurityGroupWriter {
  /** Revoke rules by their `sgr-` ids. */
  revokeRules(groupId: string, direction: Direction, ruleIds: readonly string[]): Promise<void>;
  /** Authorize rules (peer must be a concrete CIDR, prefix list or group), with their descriptions. */
  authorizeRules(groupId: string, direction: Direction, rules: readonly Rule[]): Promise<void>;
}

/** A message for the alert topic: one text for people, one JSON for machines. */
export interface OutgoingAlert {
  subject: string;
  text: string;
  json: unknown;
  attributes: Record<string, string>;
}

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
