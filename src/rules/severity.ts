import type { RoleBaseline } from '../baseline/types';
import { includesPublicAddresses } from '../model/cidr';
import type { Rule } from '../model/types';
import { SEVERITY_ORDER, type Severity } from './types';

/** The more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b) ? a : b;
}

/** Whether `severity` is at least as severe as `threshold`. */
export function reaches(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(threshold);
}

/**
 * The seed's risk matrix for a rule that is on a group but not in its baseline:
 * database (risk CRITICAL) → CRITICAL; bastion and VPC endpoints (MEDIUM) → MEDIUM; frontend (LOW)
 * → LOW; elsewhere a new inbound source or new internet egress → HIGH, other egress → MEDIUM.
 */
export function unexpectedRuleSeverity(role: RoleBaseline, rule: Rule): Severity {
  if (role.risk !== 'HIGH') return role.risk;
  if (rule.direction === 'ingress') return 'HIGH';
  return hasPublicPeer(rule) ? 'HIGH' : 'MEDIUM';
}

/** Escalate to CRITICAL for groups whose every change is critical (the database). */
export function withRoleRisk(severity: Severity, role: RoleBaseline | undefined): Severity {
  return role?.risk === 'CRITICAL' ? 'CRITICAL' : severity;
}

/** Whether the rule's peer is a CIDR that includes public (internet) addresses. */
export function hasPublicPeer(rule: Rule): boolean {
  return (
    (rule.peer.kind === 'cidr4' || rule.peer.kind === 'cidr6') && includesPublicAddresses(rule.peer.value)
  );
}
