import type { BaselineRule, ExpectedPeer } from '../baseline/types';
import { groupNamer, groupPeerText, hasPeerDetails } from '../model/rule-key';
import type { Direction, Protocol } from '../model/types';
import type { Finding } from '../rules/types';
import type { AuditResult } from './audit-result';

/** What a label needs: an observed rule, or a baseline rule whose peer may still be a role. */
export interface LabelledRule {
  direction: Direction;
  protocol: Protocol;
  fromPort: number;
  toPort: number;
  peer: ExpectedPeer;
}

export interface RuleLabelOptions {
  /** The rule's group is declared "no outbound": its 127.0.0.1/32 egress rule reads as the sentinel. */
  noOutbound?: boolean;
  /** The group name playing a role, for baseline rules whose peer is a role. */
  nameOfRole?: (role: string) => string | undefined;
}

/** The address AWS cannot route to, which the seed uses to say "no outbound". */
export const SENTINEL_CIDR = '127.0.0.1/32';

// The seed names these services and shows every other port as "Port N" (Redis included).
const TCP_SERVICE_NAMES: Readonly<Record<number, string>> = {
  22: 'SSH',
  80: 'HTTP',
  443: 'HTTPS',
  5432: 'PostgreSQL',
};

const ALL_PORTS = { from: 0, to: 65535 } as const;

/** Whether the rule is the "no outbound" sentinel: egress to 127.0.0.1/32 on a no-outbound group. */
export function isSentinelRule(rule: LabelledRule, noOutbound: boolean): boolean {
  return (
    noOutbound &&
    rule.direction === 'egress' &&
    rule.peer.kind === 'cidr4' &&
    rule.peer.value === SENTINEL_CIDR
  );
}

/** The seed's wording for a rule: "SSH (22) from 203.0.113.0/32", "Port 8000 to backend-sg", "All to 0.0.0.0/0". */
export function ruleLabel(
  rule: LabelledRule,
  nameOfGroup: (groupId: string) => string | undefined,
  options: RuleLabelOptions = {},
): string {
  if (isSentinelRule(rule, options.noOutbound === true)) return `No outbound (${SENTINEL_CIDR})`;
  const preposition = rule.direction === 'ingress' ? 'from' : 'to';
  return `${trafficLabel(rule)} ${preposition} ${peerLabel(rule.peer, nameOfGroup, options.nameOfRole)}`;
}

/** The traffic part of a label: "SSH (22)", "Port 8000", "Ports 1000-2000", "All", "ICMP type 8". */
export function trafficLabel(rule: Pick<LabelledRule, 'protocol' | 'fromPort' | 'toPort'>): string {
  const { protocol, fromPort, toPort } = rule;
  switch (protocol) {
    case 'all':
      return 'All';
    case 'tcp':
      return portsLabel('TCP', fromPort, toPort);
    case 'udp':
      return portsLabel('UDP', fromPort, toPort);
    case 'icmp':
      return icmpLabel('ICMP', fromPort, toPort);
    case 'icmpv6':
      return icmpLabel('ICMPv6', fromPort, toPort);
    default:
      return `Protocol ${protocol}`;
  }
}

// The seed leaves TCP implicit ("Port 8000"); UDP is named so it is never mistaken for TCP.
function portsLabel(protocolName: 'TCP' | 'UDP', fromPort: number, toPort: number): string {
  const allPorts =
    (fromPort === ALL_PORTS.from && toPort === ALL_PORTS.to) || (fromPort === -1 && toPort === -1);
  if (allPorts) return `All ${protocolName}`;
  const service = protocolName === 'TCP' && fromPort === toPort ? TCP_SERVICE_NAMES[fromPort] : undefined;
  if (service !== undefined) return `${service} (${fromPort})`;
  const lead = protocolName === 'TCP' ? '' : 'UDP ';
  const noun = fromPort === toPort ? `port ${fromPort}` : `ports ${fromPort}-${toPort}`;
  const text = `${lead}${noun}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// For ICMP, fromPort is the type and toPort the code; -1 means any.
function icmpLabel(name: string, type: number, code: number): string {
  if (type === -1) return `All ${name}`;
  return code === -1 ? `${name} type ${type}` : `${name} type ${type} code ${code}`;
}

function peerLabel(
  peer: ExpectedPeer,
  nameOfGroup: (groupId: string) => string | undefined,
  nameOfRole: ((role: string) => string | undefined) | undefined,
): string {
  switch (peer.kind) {
    case 'cidr4':
    case 'cidr6':
      return peer.value;
    case 'prefix-list':
      return `prefix list ${peer.value}`;
    case 'group': {
      // The seed's "from backend-sg" when the estate names the group and that says it all; a group
      // of another account, across a peering or unknown to the estate is named with its id and where it lives.
      const name = nameOfGroup(peer.value);
      return name !== undefined && !hasPeerDetails(peer) ? name : groupPeerText(peer, name);
    }
    case 'role':
      return nameOfRole?.(peer.value) ?? `${peer.value} group`;
  }
}

/** Names and labels for one audit: groups named from its estate, roles from its resolution. */
export interface AuditLabeler {
  nameOfGroup(groupId: string): string | undefined;
  nameOfRole(role: string): string | undefined;
  /** Whether the baseline declares this role "no outbound". */
  isNoOutbound(role: string | null): boolean;
  /** A baseline rule by its id. */
  baselineRule(id: string): BaselineRule | undefined;
  /** The rule a finding is about, in the seed's wording; undefined for group-level findings. */
  findingLabel(finding: Finding): string | undefined;
}

/** Builds the lookups once, so labelling 10,000 findings is one pass over the estate. */
export function auditLabeler(result: AuditResult): AuditLabeler {
  // Two groups of one name (in two VPCs) are told apart by id wherever a label names one.
  const nameOfGroup = groupNamer(result.estate.groups, { idWhenShared: true });
  const roles = new Map(result.baseline.roles.map((role) => [role.role, role]));
  const rules = new Map<string, BaselineRule>();
  for (const role of result.baseline.roles) for (const rule of role.rules) rules.set(rule.id, rule);

  const nameOfRole = (role: string): string | undefined => {
    const group = result.resolution.groupOfRole.get(role);
    if (group) return nameOfGroup(group.groupId);
    const selector = roles.get(role)?.selector;
    return selector?.groupName ?? selector?.nameTag;
  };
  const isNoOutbound = (role: string | null): boolean =>
    role !== null && roles.get(role)?.noOutbound === true;
  return {
    nameOfGroup,
    nameOfRole,
    isNoOutbound,
    baselineRule: (id) => rules.get(id),
    findingLabel(finding) {
      const options = { noOutbound: isNoOutbound(finding.role), nameOfRole };
      const subject =
        finding.rule ?? (finding.baselineRuleId === null ? undefined : rules.get(finding.baselineRuleId));
      return subject === undefined ? undefined : ruleLabel(subject, nameOfGroup, options);
    },
  };
}
