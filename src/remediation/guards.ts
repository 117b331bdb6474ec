/** Event-level guards: whether auto-revert may act on a CloudTrail event at all. */
import type { ChangeEvent } from '../events/types';
import { matchAllowedPrincipal, principalOf } from './principals';
import { RevertOutcomeStatus } from './report';

/** Calls whose drift auto-revert undoes; everything else (create, delete, re-describe) is only alerted. */
const REVERTIBLE_EVENTS = new Set([
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
]);

/** Why attachment drift (a group moved, not a rule changed) is never reverted. */
export const ATTACHMENT_ONLY_ALERTED =
  'attachment drift is only alerted: auto-revert never detaches groups or stops instances';

const ONLY_ALERTED: Record<string, string> = {
  ModifyNetworkInterfaceAttribute: ATTACHMENT_ONLY_ALERTED,
  ModifyInstanceAttribute: ATTACHMENT_ONLY_ALERTED,
  CreateNetworkInterface: ATTACHMENT_ONLY_ALERTED,
  RunInstances: ATTACHMENT_ONLY_ALERTED,
  AttachNetworkInterface: ATTACHMENT_ONLY_ALERTED,
  CreateSecurityGroup: 'group creation is only alerted',
  DeleteSecurityGroup: 'group deletion is only alerted',
  UpdateSecurityGroupRuleDescriptionsIngress: 'description-only updates are only alerted',
  UpdateSecurityGroupRuleDescriptionsEgress: 'description-only updates are only alerted',
};

/** Why an event that is not revertible is only alerted (said per finding and in the summary). */
export function onlyAlertedReason(eventName: string): string {
  return Object.hasOwn(ONLY_ALERTED, eventName)
    ? (ONLY_ALERTED[eventName] as string)
    : `${eventName} is only alerted`;
}

export interface GateRefusal {
  status: typeof RevertOutcomeStatus.Authorized | typeof RevertOutcomeStatus.NotRevertible;
  summary: string;
}

/**
 * Null when auto-revert may plan for this event; otherwise why not. (The monitor's own events and
 * failed calls never get this far: the change use case drops them first.)
 */
export function revertGate(event: ChangeEvent, allowedPrincipals: readonly string[]): GateRefusal | null {
  if (!REVERTIBLE_EVENTS.has(event.eventName)) {
    return {
      status: RevertOutcomeStatus.NotRevertible,
      summary: `not reverted: ${onlyAlertedReason(event.eventName)}`,
    };
  }
  const pattern = matchAllowedPrincipal(allowedPrincipals, event.actor);
  if (pattern !== null) {
    // The canonical principal (printable ASCII, no session name), never the caller's raw ARN.
    return {
      status: RevertOutcomeStatus.Authorized,
      summary: `authorized change, not reverted (${principalOf(event.actor)} matches ALLOWED_PRINCIPALS ${pattern})`,
    };
  }
  return null;
}
