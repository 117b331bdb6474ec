import type { RoleBaseline } from '../baseline/types';
import { includesPublicAddresses } from '../model/cidr';
import { type ExposureSummary, isAttachedToNothing } from '../model/exposure';
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

/** Whether the rule's peer (observed, or as the baseline declares it) is a CIDR that includes public addresses. */
export function hasPublicPeer(rule: Pick<Rule, 'peer'> | { peer: { kind: string; value: string } }): boolean {
  return (
    (rule.peer.kind === 'cidr4' || rule.peer.kind === 'cidr6') && includesPublicAddresses(rule.peer.value)
  );
}

/** The most a finding on a group no interface in use carries may be, when no baseline role owns it. */
const ATTACHED_TO_NOTHING_CEILING: Severity = 'MEDIUM';

/**
 * A finding's severity once its group's exposure is known (the engine applies it to every finding):
 * - a baseline role's group is never below the seed's risk matrix: its findings are not lowered,
 *   attached or not (the database group is CRITICAL even while nothing carries it);
 * - a world-open rule on a restricted port (or all traffic) is CRITICAL whoever owns the group
 *   (permissive-rules says so); on a group an internet-reachable interface carries it stays so;
 * - a group no baseline role owns that no interface in use carries is "attached to nothing: not
 *   reachable today": hygiene to fix within 48 hours, not a 3 a.m. page — at most MEDIUM;
 * - exposure unknown (interfaces not read): the severity stands.
 * The frontend's declared 80/443 from the world raises no finding at all, so nothing to weigh.
 */
export function withExposure(
  severity: Severity,
  role: string | null,
  exposure: ExposureSummary | null,
): Severity {
  if (role !== null || exposure === null || !isAttachedToNothing(exposure)) return severity;
  return reaches(severity, ATTACHED_TO_NOTHING_CEILING) ? ATTACHED_TO_NOTHING_CEILING : severity;
}
