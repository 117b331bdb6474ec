import { resolvePeer } from '../baseline/resolver';
import type { RoleBaseline } from '../baseline/types';
import { cidrContains, coversPublicInternet } from '../model/cidr';
import { formatTraffic, trafficCovers } from '../model/ports';
import type { Rule, SecurityGroup } from '../model/types';
import { opensRestrictedToWorld, restrictedPortsOf } from '../model/world-open';
import { finding } from './finding';
import { scopeOf } from './scope';
import { hasPublicPeer, withRoleRisk } from './severity';
import type { Check, EvaluationContext, Finding, Severity } from './types';

/**
 * Inbound reachable from the internet where the baseline does not declare it.
 * Flags: `22/tcp from 0.0.0.0/0` on backend; `5432/tcp from 0.0.0.0/1` + `128.0.0.0/1` on database
 * (together the world, declared or not); `22/tcp from 203.0.0.0/8` on bastion (wider than 203.0.113.0/32).
 * Not flagged: the frontend's 80/443 from 0.0.0.0/0, which the baseline declares.
 * Never approved by a declaration alone: the whole internet on a restricted port, or all traffic
 * from the whole internet. Only an unexpired exception (owner, ticket, ≤ 30 days) suppresses those,
 * so a baseline written by `baseline init` from an exposed estate does not make the exposure clean.
 */
export const check: Check = {
  id: 'permissive-rules',
  title: 'Inbound open to the internet beyond the baseline',
  severity: 'HIGH',
  compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
  remediation:
    'Revoke the rule, or narrow its source to the CIDR or security group the baseline declares; open a change request if public access is really needed.',
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      const publicIngress = group.rules.filter(isPublicIngress);
      if (publicIngress.length === 0) continue;
      const role = scope.roleOfGroup(group);
      for (const rule of publicIngress) {
        const neverApproved = opensRestrictedToWorld(rule, context.baseline.restrictedPorts, publicIngress);
        if (role && !neverApproved && allowedByBaseline(rule, role, context)) continue;
        findings.push(
          permissiveFinding(group, role, rule, exposureOf(context, rule, publicIngress, neverApproved)),
        );
      }
    }
    return findings;
  },
};

interface Exposure {
  worldOpen: boolean;
  /** Restricted ports the rule's traffic covers. */
  restricted: number[];
  /** The rule itself opens a restricted port, or all traffic, to the world: no declaration approves it. */
  neverApproved: boolean;
}

/**
 * How open a reported rule is: "the world" over every public rule that allows this traffic, so
 * 0.0.0.0/1 plus 128.0.0.0/1 is caught even though neither alone is 0.0.0.0/0.
 */
function exposureOf(
  context: EvaluationContext,
  rule: Rule,
  publicIngress: Rule[],
  neverApproved: boolean,
): Exposure {
  const sameTraffic = publicIngress.filter((other) => trafficCovers(other, rule)).map(peerCidr);
  const worldOpen = coversPublicInternet(sameTraffic);
  return { worldOpen, restricted: restrictedPortsOf(rule, context.baseline.restrictedPorts), neverApproved };
}

function permissiveFinding(
  group: SecurityGroup,
  role: RoleBaseline | undefined,
  rule: Rule,
  { worldOpen, restricted, neverApproved }: Exposure,
): Finding {
  const critical = worldOpen && (restricted.length > 0 || rule.protocol === 'all');
  const severity: Severity = critical ? 'CRITICAL' : withRoleRisk('HIGH', role);
  const exposure = worldOpen
    ? 'open to the whole internet'
    : 'reachable from a public range the baseline does not allow';
  const ports = restricted.length > 0 ? ` (restricted port ${restricted.join(', ')})` : '';
  const declared =
    role && neverApproved ? '; a baseline declaration does not approve this, only an exception' : '';
  return finding(check, {
    severity,
    group,
    role,
    rule,
    message: `${formatTraffic(rule)} ${exposure}: ${peerCidr(rule)} on ${group.groupName}${ports}${declared}`,
  });
}

function isPublicIngress(rule: Rule): boolean {
  return rule.direction === 'ingress' && hasPublicPeer(rule);
}

/** Declared by the baseline: a declared ingress rule whose CIDR and traffic contain this one. */
function allowedByBaseline(rule: Rule, role: RoleBaseline, context: EvaluationContext): boolean {
  return role.rules.some((declared) => {
    if (declared.direction !== 'ingress' || !trafficCovers(declared, rule)) return false;
    const peer = resolvePeer(declared.peer, context.resolution);
    return peer !== undefined && peer.kind === rule.peer.kind && cidrContains(peer.value, rule.peer.value);
  });
}

function peerCidr(rule: Rule): string {
  return rule.peer.value;
}
