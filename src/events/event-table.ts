/**
 * The one place that knows, per CloudTrail event name, where the group and the rules are and what
 * the call does (or, for the calls that attach groups, where the interfaces, instances and their
 * groups are). Paths are relative to the CloudTrail record (the envelope's `detail`); `*` in a path
 * stands for every item of a CloudTrail list (`{ items: [...] }`).
 */
import { Direction } from '../model/types';
import { ChangeAction } from './types';

/** Where an event's rule changes come from. */
export const RuleSource = {
  /** `requestParameters.ipPermissions` or the legacy flat form, preferring a response rule set. */
  IpPermissions: 'ip-permissions',
  /** `requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule`. */
  ModifyRequest: 'modify-request',
  /** The whole group: created or deleted. */
  Group: 'group',
  /** No rule changes: the groups an interface or instance carries (see AttachmentSpec). */
  Attachment: 'attachment',
} as const;
export type RuleSource = (typeof RuleSource)[keyof typeof RuleSource];

type Path = readonly string[];

interface Locations {
  groupIdAt: Path;
  /** Default-VPC calls may name the group instead; null when the event always carries an id. */
  groupNameAt: Path | null;
  /** The object holding the rules the call names (request permissions or the Modify request). */
  rulesAt: Path | null;
  /** The response's rule set, with `sgr-` ids: what AWS actually applied. */
  ruleSetAt: Path | null;
  /** Permissions the call named that matched nothing (revoke of an absent rule): not changes. */
  unknownPermissionsAt: Path | null;
  /** Rules named by `sgr-` id only, in the request. */
  ruleIdsAt: Path | null;
}

/**
 * A call that changes which groups an interface or instance carries. The rules stay as they are;
 * the groups now apply to other resources (the database group on an instance with a public IP).
 */
export interface AttachmentSpec {
  rules: typeof RuleSource.Attachment;
  action: null;
  direction: null;
  /** The interface the call names; null when it names only an instance or launches them. */
  interfaceIdAt: Path | null;
  instanceIdAt: Path | null;
  /**
   * CloudTrail lists of `{ groupId }`: the groups the named resource carries after the call, all of
   * them merged (request and response say the same, or the response adds the VPC's default group).
   */
  groupSetsAt: readonly Path[];
  /**
   * RunInstances: the response's launched instances, each with its groups and interfaces — all
   * an autoscaling launch from a template says about its groups. Null for the other calls.
   */
  launchedAt: Path | null;
  /**
   * The call changes other attributes too (ModifyInstanceAttribute of an instance type): without
   * groups it is not a group change, and is skipped.
   */
  groupsRequired: boolean;
}

/** What an event does; `rules` says how its changes are read and fixes the action and direction types. */
export type EventSpec = RuleEventSpec | AttachmentSpec;

/** An event that changes the rules of a group, or the group itself. */
export type RuleEventSpec = Locations &
  (
    | {
        rules: typeof RuleSource.IpPermissions;
        action: typeof ChangeAction.Added | typeof ChangeAction.Removed | typeof ChangeAction.Described;
        direction: Direction;
      }
    | { rules: typeof RuleSource.ModifyRequest; action: typeof ChangeAction.Modified; direction: null }
    | {
        rules: typeof RuleSource.Group;
        action: typeof ChangeAction.GroupCreated | typeof ChangeAction.GroupDeleted;
        direction: null;
      }
  );

const REQUEST_GROUP_ID = ['requestParameters', 'groupId'];
const REQUEST_GROUP_NAME = ['requestParameters', 'groupName'];
const REQUEST = ['requestParameters'];

const authorize = (direction: Direction): EventSpec => ({
  action: ChangeAction.Added,
  direction,
  groupIdAt: REQUEST_GROUP_ID,
  groupNameAt: REQUEST_GROUP_NAME,
  rules: RuleSource.IpPermissions,
  rulesAt: REQUEST,
  ruleSetAt: ['responseElements', 'securityGroupRuleSet'],
  unknownPermissionsAt: null,
  ruleIdsAt: null,
});

const revoke = (direction: Direction): EventSpec => ({
  action: ChangeAction.Removed,
  direction,
  groupIdAt: REQUEST_GROUP_ID,
  groupNameAt: REQUEST_GROUP_NAME,
  rules: RuleSource.IpPermissions,
  rulesAt: REQUEST,
  ruleSetAt: ['responseElements', 'revokedSecurityGroupRuleSet'],
  unknownPermissionsAt: ['responseElements', 'unknownIpPermissionSet'],
  ruleIdsAt: ['requestParameters', 'securityGroupRuleIds'],
});

// No real UpdateSecurityGroupRuleDescriptions record was found; the request mirrors the API
// (GroupId/GroupName, IpPermissions, SecurityGroupRuleDescriptions) in CloudTrail's camelCase.
const describe = (direction: Direction): EventSpec => ({
  action: ChangeAction.Described,
  direction,
  groupIdAt: REQUEST_GROUP_ID,
  groupNameAt: REQUEST_GROUP_NAME,
  rules: RuleSource.IpPermissions,
  rulesAt: REQUEST,
  ruleSetAt: null,
  unknownPermissionsAt: null,
  ruleIdsAt: ['requestParameters', 'securityGroupRuleDescriptions'],
});

const group = (
  action: typeof ChangeAction.GroupCreated | typeof ChangeAction.GroupDeleted,
  groupIdAt: Path,
): EventSpec => ({
  action,
  direction: null,
  groupIdAt,
  groupNameAt: REQUEST_GROUP_NAME,
  rules: RuleSource.Group,
  rulesAt: null,
  ruleSetAt: null,
  unknownPermissionsAt: null,
  ruleIdsAt: null,
});

const attachment = (
  locations: Partial<
    Pick<AttachmentSpec, 'interfaceIdAt' | 'instanceIdAt' | 'launchedAt' | 'groupsRequired'>
  > &
    Pick<AttachmentSpec, 'groupSetsAt'>,
): AttachmentSpec => ({
  rules: RuleSource.Attachment,
  action: null,
  direction: null,
  interfaceIdAt: null,
  instanceIdAt: null,
  launchedAt: null,
  groupsRequired: false,
  ...locations,
});

const REQUEST_GROUP_SET = ['requestParameters', 'groupSet'];

export const EVENT_TABLE = {
  AuthorizeSecurityGroupIngress: authorize(Direction.Ingress),
  AuthorizeSecurityGroupEgress: authorize(Direction.Egress),
  RevokeSecurityGroupIngress: revoke(Direction.Ingress),
  RevokeSecurityGroupEgress: revoke(Direction.Egress),
  UpdateSecurityGroupRuleDescriptionsIngress: describe(Direction.Ingress),
  UpdateSecurityGroupRuleDescriptionsEgress: describe(Direction.Egress),
  ModifySecurityGroupRules: {
    action: ChangeAction.Modified,
    direction: null,
    groupIdAt: ['requestParameters', 'ModifySecurityGroupRulesRequest', 'GroupId'],
    groupNameAt: null,
    rules: RuleSource.ModifyRequest,
    rulesAt: ['requestParameters', 'ModifySecurityGroupRulesRequest'],
    ruleSetAt: null,
    unknownPermissionsAt: null,
    ruleIdsAt: null,
  },
  // The new group's id exists only in the response.
  CreateSecurityGroup: group(ChangeAction.GroupCreated, ['responseElements', 'groupId']),
  DeleteSecurityGroup: group(ChangeAction.GroupDeleted, REQUEST_GROUP_ID),
  // No public record with `groupSet` was found: the request mirrors the API's SecurityGroupId.N in
  // CloudTrail's list form, like RunInstances' per-interface `groupSet` (see test/fixtures/attachments).
  ModifyNetworkInterfaceAttribute: attachment({
    interfaceIdAt: ['requestParameters', 'networkInterfaceId'],
    groupSetsAt: [REQUEST_GROUP_SET],
    groupsRequired: true,
  }),
  ModifyInstanceAttribute: attachment({
    instanceIdAt: ['requestParameters', 'instanceId'],
    groupSetsAt: [REQUEST_GROUP_SET],
    groupsRequired: true,
  }),
  // The new interface's id, and the groups AWS applied (the VPC's default when none was asked), are in the response.
  CreateNetworkInterface: attachment({
    interfaceIdAt: ['responseElements', 'networkInterface', 'networkInterfaceId'],
    groupSetsAt: [REQUEST_GROUP_SET, ['responseElements', 'networkInterface', 'groupSet']],
  }),
  // Names no group at all: the interface is read to know which groups it brings to the instance.
  AttachNetworkInterface: attachment({
    interfaceIdAt: ['requestParameters', 'networkInterfaceId'],
    instanceIdAt: ['requestParameters', 'instanceId'],
    groupSetsAt: [],
  }),
  RunInstances: attachment({
    groupSetsAt: [
      REQUEST_GROUP_SET,
      ['requestParameters', 'securityGroupIdSet'],
      ['requestParameters', 'networkInterfaceSet', '*', 'groupSet'],
    ],
    launchedAt: ['responseElements', 'instancesSet'],
  }),
} as const satisfies Readonly<Record<string, EventSpec>>;

export type SecurityGroupEventName = keyof typeof EVENT_TABLE;

/** Whether the spec is one of the calls that attach groups. */
export function isAttachmentSpec(spec: EventSpec): spec is AttachmentSpec {
  return spec.rules === RuleSource.Attachment;
}

/** The spec for an event name, or undefined for any other name (own keys only). */
export function eventSpec(eventName: string): EventSpec | undefined {
  return Object.hasOwn(EVENT_TABLE, eventName) ? EVENT_TABLE[eventName as SecurityGroupEventName] : undefined;
}
