/** What a CloudTrail security-group event says happened: who, to which groups, which rules. */
import type { Direction, Rule } from '../model/types';
import type { EventOrigin } from './origin';

/** The principal behind a call, as CloudTrail's `userIdentity` and request context describe it. */
export interface Actor {
  /** `userIdentity.type`: IAMUser, AssumedRole, Root, AWSService, FederatedUser…; `Unknown` when absent. */
  type: string;
  arn: string | null;
  /** For an assumed role, the role (`sessionContext.sessionIssuer.arn`); otherwise `arn`. */
  principalArn: string | null;
  accountId: string | null;
  /** `userName`, or the session issuer's `userName` (the role name). */
  userName: string | null;
  /** The part after the role in an assumed-role ARN (often a person's e-mail or an instance id). */
  sessionName: string | null;
  invokedBy: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  viaConsole: boolean;
}

export const ChangeAction = {
  Added: 'added',
  Removed: 'removed',
  Modified: 'modified',
  Described: 'described',
  GroupCreated: 'group-created',
  GroupDeleted: 'group-deleted',
} as const;
export type ChangeAction = (typeof ChangeAction)[keyof typeof ChangeAction];

/**
 * The new state of a rule changed by ModifySecurityGroupRules. The event names the rule by its
 * `sgr-` id only, so its direction is not known until the rule is read.
 */
export type ModifiedRule = Omit<Rule, 'direction'>;

/** A rule added, removed or re-described. `rule` is null when the call named only a rule id. */
export interface RuleDelta {
  action: typeof ChangeAction.Added | typeof ChangeAction.Removed | typeof ChangeAction.Described;
  groupId: string | null;
  /** The group's name when the call named it without an id (default VPC): all there is to say which group. */
  groupName?: string;
  direction: Direction;
  rule: Rule | null;
  ruleId: string | null;
}

/** A rule replaced in place by ModifySecurityGroupRules: its id and its new state. */
export interface RuleModification {
  action: typeof ChangeAction.Modified;
  groupId: string | null;
  groupName?: string;
  direction: null;
  rule: ModifiedRule | null;
  ruleId: string | null;
}

/** A whole group created or deleted. */
export interface GroupLifecycle {
  action: typeof ChangeAction.GroupCreated | typeof ChangeAction.GroupDeleted;
  groupId: string | null;
  /** The group's name when the call named it without an id (`DeleteSecurityGroup --group-name`). */
  groupName?: string;
  direction: null;
  rule: null;
  ruleId: null;
}

export type RuleChange = RuleDelta | RuleModification | GroupLifecycle;

/**
 * An interface or instance whose security groups a call set or changed (ModifyNetworkInterfaceAttribute,
 * ModifyInstanceAttribute, CreateNetworkInterface, RunInstances, AttachNetworkInterface). The rules
 * of the groups did not change; which resources they apply to did.
 */
export interface GroupAttachment {
  /** The interface (`eni-…`); null when the call names only the instance. */
  interfaceId: string | null;
  /** The instance (`i-…`) the interface belongs to or the call names; null when not said. */
  instanceId: string | null;
  /**
   * The groups it carries after the call, as the event says; empty when the event does not say
   * (AttachNetworkInterface): the change path reads the interface to know.
   */
  groupIds: string[];
}

export interface ChangeEvent {
  eventId: string;
  eventName: string;
  eventTime: string;
  region: string | null;
  account: string | null;
  actor: Actor;
  groupIds: string[];
  /** Groups the call named without an id (default VPC); resolve them with a describe by name. */
  groupNames: string[];
  changes: RuleChange[];
  /** Attachment events only: the interfaces and instances the call names, and their groups. */
  attachments?: GroupAttachment[];
}

export const SkipReason = {
  FailedCall: 'failed-call',
  NotSecurityGroupEvent: 'not-security-group-event',
  /** An attachment call that changed another attribute (instance type, description…), not the groups. */
  NoGroupChange: 'no-group-change',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

export type ParseOutcome =
  | { kind: 'change'; event: ChangeEvent; origin: EventOrigin }
  | {
      kind: 'skipped';
      reason: SkipReason;
      eventId: string | null;
      eventName: string | null;
      errorCode: string | null;
    }
  | { kind: 'unparseable'; reason: string };
