/** Canonical security-group model: one rule per (direction, protocol, port range, peer). */
import type { NetworkInterface } from './interfaces';
import type { InternetRoutes } from './route-tables';

export const Direction = { Ingress: 'ingress', Egress: 'egress' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

/**
 * Protocols are named when AWS names them (`tcp`, `udp`, `icmp`, `icmpv6`), `all` for `-1`,
 * and the decimal IANA number as a string otherwise (`"50"` for ESP).
 */
export type Protocol = string;

/** A rule's peer: where traffic comes from (ingress) or goes to (egress). */
export type Peer =
  | { kind: 'cidr4'; value: string }
  | { kind: 'cidr6'; value: string }
  | { kind: 'prefix-list'; value: string }
  | GroupPeer;

/**
 * Another security group as a peer. `value` is its `sg-` id (the rule's identity, see `ruleKey`);
 * the other fields are what AWS says about where that group lives, kept for people and for JSON
 * consumers: a group of another account (`UserId`, e.g. `amazon-elb`), a group across a VPC peering
 * connection, a reference left stale by a deleted peering. They never take part in a comparison.
 */
export interface GroupPeer {
  kind: 'group';
  value: string;
  /** The owning account (`UserId`), kept only when it is not the account of the rule's own group. */
  account?: string;
  /** The name AWS reports with the reference (`amazon-elb-sg`); the estate's own name wins. */
  groupName?: string;
  /** The VPC of the referenced group, when AWS reports it (peered references). */
  vpcId?: string;
  /** The VPC peering connection (`pcx-…`) the reference crosses. */
  peeringId?: string;
  /** The peering connection's status as AWS reports it: `active`, `deleted` (a stale reference)… */
  peeringStatus?: string;
}

/**
 * The identity fields of a group peer beyond its id, in the order labels show them, each with the
 * field that carries it in the API's UserIdGroupPair and describe-security-group-rules'
 * ReferencedGroupInfo (CloudTrail spells the same fields in camelCase).
 */
export const GROUP_PEER_DETAIL_FIELDS = [
  ['account', 'UserId'],
  ['groupName', 'GroupName'],
  ['vpcId', 'VpcId'],
  ['peeringId', 'VpcPeeringConnectionId'],
  ['peeringStatus', 'PeeringStatus'],
] as const;

export const GROUP_PEER_DETAILS = GROUP_PEER_DETAIL_FIELDS.map(([detail]) => detail);

/**
 * One canonical rule. Ports: for `tcp`/`udp` the inclusive range; for `icmp`/`icmpv6` fromPort is
 * the type and toPort the code; `-1` means "all" (always -1/-1 for protocol `all`).
 */
export interface Rule {
  direction: Direction;
  protocol: Protocol;
  fromPort: number;
  toPort: number;
  peer: Peer;
  description?: string;
  /** The `sgr-` id, when the source shape carries it. */
  ruleId?: string;
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  vpcId?: string;
  ownerId?: string;
  description?: string;
  tags: Record<string, string>;
  rules: Rule[];
}

/** What was observed in an account and region. */
export interface Estate {
  groups: SecurityGroup[];
  /**
   * Group ids attached to at least one network interface. Undefined when interface data was not
   * read, which turns the `unused-groups` check off rather than flagging every group.
   */
  attachedGroupIds?: ReadonlySet<string>;
  /**
   * The network interfaces, when read (snapshot `NetworkInterfaces`, live, or the interfaces an
   * attachment event names): what each group is attached to and how the internet reaches it.
   */
  interfaces?: readonly NetworkInterface[];
  /** Which subnets an internet gateway reaches (snapshot `RouteTables`, or live); absent when not read. */
  routes?: InternetRoutes;
  /**
   * Read from a describe-security-group-rules listing alone: groups are known by id only (their
   * name is the id), without names, tags or VPCs, so roles cannot be resolved.
   */
  rulesOnly?: boolean;
}
