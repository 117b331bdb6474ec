/**
 * One environment of a validated baseline document, resolved: variables and `self` substituted,
 * ports and CIDRs canonical. Free of zod and yaml: the Lambdas use it on the compiled baseline.
 */
import { InputError } from '../errors';
import { canonicalCidr } from '../model/cidr';
import type { Peer } from '../model/types';
import type { BaselineDocument, PeerSpec, RuleSpec } from './schema';
import { cidrFamily, ownEntry, portRange, SELF_ROLE } from './syntax';
import type { BaselineRule, EnvironmentBaseline, ExpectedPeer, RoleBaseline } from './types';

/** The baseline of one environment with variables and `self` resolved and rules canonical. */
export function forEnvironment(doc: BaselineDocument, environment: string): EnvironmentBaseline {
  const spec = ownEntry(doc.environments, environment);
  if (!spec) {
    const known = Object.keys(doc.environments).join(', ');
    throw new InputError(`${doc.source}: unknown environment '${environment}' (known: ${known})`);
  }
  const resolvePeer = (peer: PeerSpec, ownRole: string): ExpectedPeer => {
    if (peer.role !== undefined)
      return { kind: 'role', value: peer.role === SELF_ROLE ? ownRole : peer.role };
    if (peer.prefixList !== undefined) return { kind: 'prefix-list', value: peer.prefixList };
    // Matched by id alone (the rule key leaves identity out); account and peering say whose group
    // it is, for the person reading and for EC2 when the monitor restores the rule.
    if (peer.group !== undefined)
      return {
        kind: 'group',
        value: peer.group,
        ...(peer.account !== undefined ? { account: peer.account } : {}),
        ...(peer.peering !== undefined ? { peeringId: peer.peering } : {}),
      };
    // Validation guarantees the variable exists in every environment that uses it.
    const value = peer.cidr ?? ownEntry(spec.vars, peer.var ?? '') ?? '';
    return concretePeer(value);
  };

  const roles: RoleBaseline[] = Object.entries(doc.roles).map(([role, roleSpec]) => {
    const toRule = (rule: RuleSpec, direction: BaselineRule['direction']): BaselineRule => ({
      id: rule.id,
      role,
      direction,
      protocol: rule.protocol,
      ...portsOf(rule.protocol, rule.ports),
      peer: resolvePeer(rule.peer, role),
      purpose: rule.purpose,
      justification: rule.justification,
      description: rule.description,
    });
    return {
      role,
      title: roleSpec.title,
      risk: roleSpec.risk,
      compliance: roleSpec.compliance,
      autoRevert: roleSpec.autoRevert,
      noOutbound: roleSpec.noOutbound,
      ...(roleSpec.internetFacing === undefined ? {} : { internetFacing: roleSpec.internetFacing }),
      ...(roleSpec.carriedBy === undefined ? {} : { carriedBy: [...roleSpec.carriedBy] }),
      selector: { ...ownEntry(spec.roles, role) },
      rules: [
        ...roleSpec.ingress.map((rule) => toRule(rule, 'ingress')),
        ...roleSpec.egress.map((rule) => toRule(rule, 'egress')),
      ],
    };
  });

  const exceptions = doc.exceptions
    .filter((exception) => exception.environment === undefined || exception.environment === environment)
    .map((exception) => ({
      role: exception.role,
      direction: exception.rule.direction,
      protocol: exception.rule.protocol,
      ...portsOf(exception.rule.protocol, exception.rule.ports),
      peer: resolvePeer(exception.rule.peer, exception.role),
      reason: exception.reason,
      owner: exception.owner,
      ticket: exception.ticket,
      expires: new Date(exception.expires),
    }));

  return {
    source: doc.source,
    name: doc.name,
    environment,
    requiredTags: [...doc.requiredTags],
    restrictedPorts: [...doc.restrictedPorts],
    vpcIds: [...(spec.vpcIds ?? [])],
    roles,
    exceptions,
  };
}

/** A CIDR spelled as observed rules spell it (canonicalCidr), so the two compare equal. */
function concretePeer(value: string): Peer {
  const family = cidrFamily(value);
  if (family === undefined) return { kind: 'prefix-list', value };
  return { kind: family, value: canonicalCidr(value) ?? value };
}

function portsOf(protocol: string, ports: number | string): { fromPort: number; toPort: number } {
  const range = portRange(protocol, ports);
  // The schema already refused every range that does not parse; reaching this is a bug.
  if (!range.ok) throw new Error(`unvalidated ports ${ports}: ${range.problem}`);
  return { fromPort: range.fromPort, toPort: range.toPort };
}
