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

const ONLY_ALERTED: Record<string, string> = {
  CreateSecurityGroup: 'group creation is only alerted',
  DeleteSecurityGroup: 'group deletion is only alerted',
  UpdateSecurityGroupRuleDescriptionsIngress: 'description-only updates are only alerted',
  UpdateSecurityGroupRuleDescriptionsEgress: 'description-only updates are only alerted',
};

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
      summary: `not reverted: ${ONLY_ALERTED[event.eventName] ?? `${event.eventName} is only alerted`}`,
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
