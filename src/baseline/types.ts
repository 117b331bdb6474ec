import type { ResourceKind } from '../model/interfaces';
import type { Direction, Peer, Protocol, SecurityGroup } from '../model/types';
import type { Compliance, Severity } from './levels';

/** A kind of resource a role's group may be carried by (`load-balancer`, `rds`…). */
export type CarrierKind = Exclude<ResourceKind, 'detached'>;

/** A peer in the baseline once variables are resolved: a concrete peer, or another group by role. */
export type ExpectedPeer = Peer | { kind: 'role'; value: string };

/** A rule the baseline declares, e.g. `database_from_backend`. */
export interface BaselineRule {
  id: string;
  role: string;
  direction: Direction;
  protocol: Protocol;
  fromPort: number;
  toPort: number;
  peer: ExpectedPeer;
  purpose: string;
  justification: string;
  /** The description to set on the AWS rule when it is restored. */
  description: string;
}

/** How to find a role's group in an environment: by group name or by `Name` tag, optionally in one VPC. */
export interface GroupSelector {
  groupName?: string;
  nameTag?: string;
  /** Only a group of this VPC matches; `ec2-classic`: only a group of no VPC. */
  vpcId?: string;
}

export interface RoleBaseline {
  role: string;
  title: string;
  /** The risk-matrix level of a change to this group (database CRITICAL, frontend LOW …). */
  risk: Severity;
  compliance: Compliance[];
  /** Auto-revert may act on this group (issue "Auto-revert"); default true. */
  autoRevert: boolean;
  /** "No outbound": only the declared sentinel egress rule may exist. */
  noOutbound: boolean;
  /**
   * Whether the role's group may sit on an interface the internet reaches. Absent: inferred from
   * the rules (a role that declares inbound from public addresses faces the internet by design).
   */
  internetFacing?: boolean;
  /**
   * The kinds of resources that may carry the role's group (the database: `rds`); absent: any.
   * Checked by `unexpected-carriers` when interfaces were read.
   */
  carriedBy?: CarrierKind[];
  selector: GroupSelector;
  rules: BaselineRule[];
}

/** A temporary, documented deviation (the seed's emergency change procedure). */
export interface BaselineException {
  role: string;
  direction: Direction;
  protocol: Protocol;
  fromPort: number;
  toPort: number;
  peer: ExpectedPeer;
  reason: string;
  owner: string;
  ticket: string;
  expires: Date;
}

/** The baseline of one environment, variables resolved: what the checks compare against. */
export interface EnvironmentBaseline {
  /** The file it was loaded from, for messages. */
  source: string;
  name: string;
  environment: string;
  requiredTags: string[];
  /** Ports that must never be open to the world (22, 5432, 6379, 8000, 16379). */
  restrictedPorts: number[];
  /** VPCs the baseline's groups live in; when empty, the VPCs of the resolved groups. */
  vpcIds: string[];
  roles: RoleBaseline[];
  exceptions: BaselineException[];
}

/** Which observed group plays which role, for one estate. Built by `resolveRoles` (resolver.ts). */
export interface RoleResolution {
  /** role → its observed group: exactly one candidate in scope (absent: missing or ambiguous). */
  groupOfRole: Map<string, SecurityGroup>;
  /** group id → role. */
  roleOfGroup: Map<string, string>;
  /**
   * The VPCs the baseline speaks for: the pinned `vpcIds`, or else the VPCs the roles' candidate
   * groups live in. The scope of `unknown-groups` and `default-group-open`.
   */
  vpcIds: Set<string>;
  /** Roles with more than one candidate group in scope (or a group two roles claim): nobody's. */
  ambiguous: Map<string, SecurityGroup[]>;
  /** Roles with no candidate in the pinned VPCs, but selector matches outside them. */
  outsideScope: Map<string, SecurityGroup[]>;
  /** Pinned VPCs that hold no group of the estate: the pin speaks for nothing there. */
  emptyPins: string[];
  /** Roles whose group is not the one last seen (role → the previous group id); see `previous`. */
  switched: Map<string, string>;
}
