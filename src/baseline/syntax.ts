/**
 * The baseline's small vocabulary, free of zod and yaml so the Lambda bundles (which load the
 * compiled baseline) do not carry the validators: ports, CIDR families, names, constants.
 */
import { parseCidr } from '../model/cidr';
import { ResourceKind } from '../model/interfaces';
import { canonicalPorts, hasPorts } from '../model/protocol';
import type { Protocol } from '../model/types';

/** The unreachable destination the seed uses to say "no outbound" (database, redis). */
export const SENTINEL_CIDR = '127.0.0.1/32';
/** Exceptions are the emergency procedure, not a way to park drift: at most this far ahead. */
export const MAX_EXCEPTION_DAYS = 30;
/** The peer role that means "this same group" (redis_internal). */
export const SELF_ROLE = 'self';

export const ROLE_NAME = /^[a-z][a-z0-9-]*$/;
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]*$/;
export const RULE_ID = /^[a-z][a-z0-9_]*$/;
export const VAR_NAME = /^[a-z_][a-z0-9_]*$/;
export const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
export const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
/** A selector's VPC: a VPC id, or `ec2-classic` for a group that lives in no VPC. */
export const EC2_CLASSIC = 'ec2-classic';
export const SELECTOR_VPC = /^(vpc-[0-9a-f]{8,17}|ec2-classic)$/;
// A peer group outside the baseline is matched by id; what real (and sanitised) snapshots carry.
export const GROUP_ID = /^sg-[0-9a-zA-Z]{1,32}$/;
/** An account id, or an AWS service's (`amazon-elb`): what `UserIdGroupPairs[].UserId` holds. */
export const ACCOUNT = /^[0-9a-zA-Z][0-9a-zA-Z-]{0,63}$/;
export const PEERING_ID = /^pcx-[0-9a-zA-Z]{1,32}$/;
export const EXPIRES = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
// What EC2 accepts in a rule description; a baseline description it would refuse cannot be restored.
export const AWS_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

export const RISKS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export const COMPLIANCE = ['HIPAA', 'SOC2', 'PCI-DSS'] as const;
/** What a role's `carriedBy` may name: every kind of resource an interface belongs to (a detached one carries nothing). */
export const CARRIER_KINDS = Object.values(ResourceKind).filter(
  (kind): kind is Exclude<ResourceKind, 'detached'> => kind !== ResourceKind.Detached,
);
export const DIRECTIONS = ['ingress', 'egress'] as const;

/** What a field must look like, said once for the zod schema (YAML) and the compiled-baseline check. */
export const FORMAT = {
  ports: 'expected a port, "from-to" or all',
  cidr: 'not a valid IPv4 or IPv6 CIDR',
  varName: 'variable names are lowercase letters, digits and _',
  prefixList: 'not a prefix list id (pl-…)',
  peer: 'a peer is exactly one of cidr, var, role, prefixList, group',
  peerDetail: 'account and peering describe a group peer only',
  groupId: 'not a security group id (sg-…)',
  account: 'not an account id (123456789012, amazon-elb)',
  peering: 'not a VPC peering connection id (pcx-…)',
  selectorVpc: 'not a VPC id (vpc-…) or ec2-classic',
  ruleId: 'rule ids are lowercase letters, digits and _ (bastion_ssh)',
  description: 'EC2 accepts 1-255 of a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*',
  selector: 'a selector is exactly one of groupName, nameTag',
  variable: 'a variable is a CIDR or a prefix list id',
  vpcId: 'not a VPC id (vpc-…)',
  expires: 'expected a date (2026-12-31) or an ISO timestamp',
  realDate: 'not a real date',
  name: 'names are lowercase letters, digits and -',
} as const;

/** The fields of a peer that say what it is; `account` and `peering` only describe a `group`. */
const PEER_KINDS = ['cidr', 'var', 'role', 'prefixList', 'group'] as const;

/** The problem with a peer's combination of fields, or undefined when it names exactly one peer. */
export function peerProblem(peer: Readonly<Record<string, unknown>>): string | undefined {
  if (PEER_KINDS.filter((kind) => peer[kind] !== undefined).length !== 1) return FORMAT.peer;
  const detailed = peer.account !== undefined || peer.peering !== undefined;
  return detailed && peer.group === undefined ? FORMAT.peerDetail : undefined;
}

/** The problem with a protocol `normalizeProtocol` cannot read. */
export function unknownProtocol(raw: unknown): string {
  return `unknown protocol ${JSON.stringify(raw)} (tcp, udp, icmp, icmpv6, all or -1, or an IANA number)`;
}

/** A value as a problem message names it: `"abc"`, `5`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** Whether a text is a variable's value: a CIDR or a prefix list id. */
export function isVariableValue(value: string): boolean {
  return cidrFamily(value) !== undefined || isPrefixListId(value);
}

/** `cidr4`/`cidr6` for a valid CIDR (`10.0.0.0/16`, `::/0`), undefined otherwise. */
export function cidrFamily(value: string): 'cidr4' | 'cidr6' | undefined {
  const parsed = parseCidr(value);
  if (!parsed) return undefined;
  return parsed.family === 4 ? 'cidr4' : 'cidr6';
}

/** Whether a string is an EC2 managed prefix list id (`pl-…`). */
export function isPrefixListId(value: string): boolean {
  return PREFIX_LIST_ID.test(value);
}

/** Whether EC2 would accept this as a rule description. */
export function isAwsDescription(value: string): boolean {
  return AWS_DESCRIPTION.test(value);
}

export type PortRange = { ok: true; fromPort: number; toPort: number } | { ok: false; problem: string };

/**
 * Ports as written (`22`, `"8000-8010"`, `all`) → the canonical pair `canonicalPorts` gives observed
 * rules, so a baseline rule and the same observed rule compare equal. For icmp the pair is type-code.
 */
export function portRange(protocol: Protocol, ports: number | string): PortRange {
  const written = typeof ports === 'string' ? ports.trim() : ports;
  if (written === 'all') return { ok: true, ...canonicalPorts(protocol, -1, -1) };
  if (protocol === 'all') return { ok: false, problem: 'protocol all covers every port; write ports: all' };
  const isIcmp = protocol === 'icmp' || protocol === 'icmpv6';
  if (!hasPorts(protocol) && !isIcmp) {
    return { ok: false, problem: `protocol ${protocol} has no ports; write ports: all` };
  }
  const max = isIcmp ? 255 : 65535;
  const match = /^(\d+)(?:-(\d+))?$/.exec(String(written));
  if (!match)
    return { ok: false, problem: `${JSON.stringify(ports)} is not a port, a range "from-to" or all` };
  const from = Number(match[1]);
  const to = match[2] === undefined ? undefined : Number(match[2]);
  if (from > max || (to ?? 0) > max) return { ok: false, problem: `${written} is outside 0-${max}` };
  if (isIcmp) return { ok: true, ...canonicalPorts(protocol, from, to ?? -1) };
  if (to !== undefined && from > to) return { ok: false, problem: `from ${from} is greater than to ${to}` };
  return { ok: true, ...canonicalPorts(protocol, from, to ?? from) };
}

/**
 * `record[key]` when the record itself holds `key`, else undefined: a name such as `constructor` or
 * `toString` never finds a member every object inherits.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The one key a JavaScript object cannot hold as a plain name: zod drops it, an assignment sets the prototype. */
const RESERVED_KEY = '__proto__';
export const RESERVED_KEY_PROBLEM = `the name ${RESERVED_KEY} is reserved`;

/** The path of the first mapping key `__proto__` in parsed data (document order), or undefined. */
export function reservedKeyPath(
  value: unknown,
  at: Array<string | number> = [],
): Array<string | number> | undefined {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = reservedKeyPath(value[index], [...at, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === RESERVED_KEY) return [...at, key];
    const found = reservedKeyPath(child, [...at, key]);
    if (found) return found;
  }
  return undefined;
}
