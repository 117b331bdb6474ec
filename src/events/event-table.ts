/**
 * The one place that knows, per CloudTrail event name, where the group and the rules are and what
 * the call does. Paths are relative to the CloudTrail record (the envelope's `detail`).
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

/** What an event does; `rules` says how its changes are read and fixes the action and direction types. */
export type EventSpec = Locations &
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
} as const satisfies Readonly<Record<string, EventSpec>>;

export type SecurityGroupEventName = keyof typeof EVENT_TABLE;

/** The spec for an event name, or undefined for any other name (own keys only). */
export function eventSpec(eventName: string): EventSpec | undefined {
  return Object.hasOwn(EVENT_TABLE, eventName) ? EVENT_TABLE[eventName as SecurityGroupEventName] : undefined;
}
