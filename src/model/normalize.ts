/**
 * AWS's two shapes of security-group rules (describe-security-groups' grouped IpPermissions and
 * describe-security-group-rules' one-row-per-rule) to one canonical Rule per direction, protocol,
 * port range and peer. Input is validated as it is read: the data may come from a file.
 */
import { SnapshotError } from '../errors';
import { canonicalCidr } from './cidr';
import {
  expectArray,
  expectObject,
  type Json,
  optionalString,
  requiredString,
  shapeError,
} from './json-shape';
import { canonicalPorts, hasPorts, normalizeProtocol } from './protocol';
import { RuleList } from './rule-list';
import {
  type Direction,
  GROUP_PEER_DETAIL_FIELDS,
  type GroupPeer,
  type Peer,
  type Rule,
  type SecurityGroup,
} from './types';

// The AWS CLI's JSON (PascalCase, as the SDK v3 output objects). Every field is optional, as in the
// SDK types, so SDK objects can be passed straight in; what is required is checked at run time.
export interface RawIpRange {
  CidrIp?: string;
  Description?: string;
}
export interface RawIpv6Range {
  CidrIpv6?: string;
  Description?: string;
}
export interface RawPrefixListId {
  PrefixListId?: string;
  Description?: string;
}
export interface RawUserIdGroupPair {
  GroupId?: string;
  GroupName?: string;
  UserId?: string;
  VpcId?: string;
  VpcPeeringConnectionId?: string;
  PeeringStatus?: string;
  Description?: string;
}
export interface RawIpPermission {
  IpProtocol?: string;
  /** A number in AWS output; strings and absence are tolerated (hand-written snapshots). */
  FromPort?: number | string;
  ToPort?: number | string;
  IpRanges?: readonly RawIpRange[];
  Ipv6Ranges?: readonly RawIpv6Range[];
  PrefixListIds?: readonly RawPrefixListId[];
  UserIdGroupPairs?: readonly RawUserIdGroupPair[];
}
export interface RawTag {
  Key?: string;
  Value?: string;
}
export interface RawSecurityGroup {
  GroupId?: string;
  GroupName?: string;
  Description?: string;
  OwnerId?: string;
  VpcId?: string;
  Tags?: readonly RawTag[];
  IpPermissions?: readonly RawIpPermission[];
  IpPermissionsEgress?: readonly RawIpPermission[];
}
export interface RawReferencedGroup {
  GroupId?: string;
  UserId?: string;
  VpcId?: string;
  VpcPeeringConnectionId?: string;
  PeeringStatus?: string;
}
export interface RawSecurityGroupRule {
  SecurityGroupRuleId?: string;
  GroupId?: string;
  GroupOwnerId?: string;
  IsEgress?: boolean;
  IpProtocol?: string;
  FromPort?: number | string;
  ToPort?: number | string;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  ReferencedGroupInfo?: RawReferencedGroup;
  Description?: string;
}

/**
 * One describe-security-groups group to its canonical form. `path` prefixes error messages
 * (`file.json: SecurityGroups[3]`); it defaults to the group id.
 */
export function normalizeGroup(raw: RawSecurityGroup, path?: string): SecurityGroup {
  const group = expectObject(raw, path ?? 'SecurityGroup');
  const groupId = requiredString(group, 'GroupId', path ?? 'SecurityGroup');
  const where = path ?? groupId;
  const result: SecurityGroup = {
    groupId,
    groupName: requiredString(group, 'GroupName', where),
    tags: readTags(group.Tags, where),
    rules: [],
  };
  const vpcId = optionalString(group, 'VpcId', where);
  if (vpcId !== undefined) result.vpcId = vpcId;
  const ownerId = optionalString(group, 'OwnerId', where);
  if (ownerId !== undefined) result.ownerId = ownerId;
  const description = optionalString(group, 'Description', where);
  if (description !== undefined) result.description = description;

  const rules = new RuleList();
  readPermissions(group.IpPermissions, 'ingress', `${where}.IpPermissions`, rules, ownerId);
  readPermissions(group.IpPermissionsEgress, 'egress', `${where}.IpPermissionsEgress`, rules, ownerId);
  result.rules = rules.rules;
  return result;
}

/**
 * describe-security-group-rules rows to canonical rules (keeping their `sgr-` ids), keyed by
 * group id. `path` prefixes error messages; it defaults to `SecurityGroupRules`.
 */
export function normalizeGroupRules(
  raw: readonly RawSecurityGroupRule[],
  path = 'SecurityGroupRules',
): Map<string, Rule[]> {
  const list = expectArray(raw, path);
  const byGroup = new Map<string, RuleList>();
  for (let i = 0; i < list.length; i++) {
    const where = `${path}[${i}]`;
    const row = expectObject(list[i], where);
    const groupId = requiredString(row, 'GroupId', where);
    const direction = readIsEgress(row, where) ? 'egress' : 'ingress';
    const protocol = permissionProtocol(row.IpProtocol, where);
    const { fromPort, toPort } = permissionPorts(protocol, row.FromPort, row.ToPort, where);
    const ownerId = optionalString(row, 'GroupOwnerId', where);
    const rule: Rule = { direction, protocol, fromPort, toPort, peer: readRowPeer(row, where, ownerId) };
    const description = readDescription(row, where);
    if (description !== undefined) rule.description = description;
    const ruleId = optionalString(row, 'SecurityGroupRuleId', where);
    if (ruleId !== undefined) rule.ruleId = ruleId;
    let rules = byGroup.get(groupId);
    if (!rules) {
      rules = new RuleList();
      byGroup.set(groupId, rules);
    }
    rules.add(rule);
  }
  const result = new Map<string, Rule[]>();
  for (const [groupId, rules] of byGroup) result.set(groupId, rules.rules);
  return result;
}

// Where each kind of peer sits in an IpPermission: the list, the field inside each entry, the kind.
const PEER_LISTS = [
  ['IpRanges', 'CidrIp', 'cidr4'],
  ['Ipv6Ranges', 'CidrIpv6', 'cidr6'],
  ['PrefixListIds', 'PrefixListId', 'prefix-list'],
  ['UserIdGroupPairs', 'GroupId', 'group'],
] as const;

const EXPECTED_PEER: Record<Peer['kind'], string> = {
  cidr4: 'an IPv4 CIDR',
  cidr6: 'an IPv6 CIDR',
  'prefix-list': 'a prefix list id (pl-…)',
  group: 'a security group id (sg-…)',
};

function readPermissions(
  value: unknown,
  direction: Direction,
  path: string,
  rules: RuleList,
  ownerId: string | undefined,
): void {
  if (value === undefined || value === null) return;
  const permissions = expectArray(value, path);
  for (let i = 0; i < permissions.length; i++) {
    const where = `${path}[${i}]`;
    const permission = expectObject(permissions[i], where);
    const protocol = permissionProtocol(permission.IpProtocol, where);
    const { fromPort, toPort } = permissionPorts(protocol, permission.FromPort, permission.ToPort, where);
    for (const [list, field, kind] of PEER_LISTS) {
      const listValue = permission[list];
      if (listValue === undefined || listValue === null) continue;
      const entries = expectArray(listValue, `${where}.${list}`);
      for (let j = 0; j < entries.length; j++) {
        // Paths are built only when something is wrong: this runs for every range of every group.
        const entry = entries[j];
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
          throw shapeError(`${where}.${list}[${j}]`, 'an object', entry);
        }
        const text = (entry as Json)[field];
        let peer = toPeer(kind, text);
        if (!peer) throw shapeError(`${where}.${list}[${j}].${field}`, EXPECTED_PEER[kind], text);
        if (peer.kind === 'group') {
          peer = withGroupDetails(peer, entry as Json, ownerId, () => `${where}.${list}[${j}]`);
        }
        const description = (entry as Json).Description;
        if (description !== undefined && description !== null && typeof description !== 'string') {
          throw shapeError(`${where}.${list}[${j}].Description`, 'a string', description);
        }
        const rule = peerRule(direction, protocol, fromPort, toPort, peer, description ?? undefined);
        rules.add(rule);
      }
    }
  }
}

/** The rule of one peer of a permission (canonical parts); a blank description is none. */
export function peerRule(
  direction: Direction,
  protocol: string,
  fromPort: number,
  toPort: number,
  peer: Peer,
  description: string | undefined,
): Rule {
  const rule: Rule = { direction, protocol, fromPort, toPort, peer };
  if (description !== undefined && description.trim() !== '') rule.description = description;
  return rule;
}

function readRowPeer(row: Json, path: string, ownerId: string | undefined): Peer {
  let found: Peer | undefined;
  let count = 0;
  for (const [field, kind] of ROW_PEERS) {
    const value = row[field];
    if (value === undefined || value === null) continue;
    const referenced = field === 'ReferencedGroupInfo' ? expectObject(value, `${path}.${field}`) : undefined;
    const text = referenced ? referenced.GroupId : value;
    const peer = toPeer(kind, text);
    if (!peer) {
      const at = referenced ? `${path}.${field}.GroupId` : `${path}.${field}`;
      throw shapeError(at, EXPECTED_PEER[kind], text);
    }
    found =
      referenced && peer.kind === 'group'
        ? withGroupDetails(peer, referenced, ownerId, () => `${path}.${field}`)
        : peer;
    count++;
  }
  if (count !== 1 || !found) {
    throw new SnapshotError(
      `${path}: expected exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo, got ${count}`,
    );
  }
  return found;
}

/**
 * The group peer with what AWS says about the referenced group. The owner is dropped when it is the
 * referencing group's own account (AWS repeats it on every reference): `account` marks a foreign group.
 */
export function withGroupDetails(
  peer: GroupPeer,
  source: Json,
  ownerId: string | undefined,
  pathOf: () => string,
): GroupPeer {
  const result: GroupPeer = { kind: 'group', value: peer.value };
  for (const [key, field] of GROUP_PEER_DETAIL_FIELDS) {
    const value = source[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw shapeError(`${pathOf()}.${field}`, 'a string', value);
    if (value.trim() === '') continue;
    if (key === 'account' && value === ownerId) continue;
    result[key] = value;
  }
  return result;
}

const ROW_PEERS = [
  ['CidrIpv4', 'cidr4'],
  ['CidrIpv6', 'cidr6'],
  ['PrefixListId', 'prefix-list'],
  ['ReferencedGroupInfo', 'group'],
] as const;

/** The canonical peer, or undefined when `text` is not a valid one of that kind. */
export function toPeer(kind: Peer['kind'], text: unknown): Peer | undefined {
  if (typeof text !== 'string') return undefined;
  if (kind === 'cidr4' || kind === 'cidr6') {
    const canonical = canonicalCidr(text);
    if (canonical === undefined || canonical.includes(':') !== (kind === 'cidr6')) return undefined;
    return { kind, value: canonical };
  }
  const prefix = kind === 'group' ? 'sg-' : 'pl-';
  return text.length > prefix.length && text.startsWith(prefix) ? { kind, value: text } : undefined;
}

/** A permission's protocol, canonical; a SnapshotError at `path` when it is none. */
export function permissionProtocol(value: unknown, path: string): string {
  const protocol = normalizeProtocol(value);
  if (protocol === undefined) {
    throw shapeError(`${path}.IpProtocol`, 'a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255)', value);
  }
  return protocol;
}

const PORT_LIMITS = { ports: [0, 65535], icmp: [-1, 255] } as const;

/** A permission's ports, canonical for its protocol; a SnapshotError at `path` when out of range. */
export function permissionPorts(
  protocol: string,
  from: unknown,
  to: unknown,
  path: string,
): { fromPort: number; toPort: number } {
  checkPortShape(from, 'FromPort', path);
  checkPortShape(to, 'ToPort', path);
  const ports = canonicalPorts(protocol, from, to);
  const limits = hasPorts(protocol)
    ? PORT_LIMITS.ports
    : protocol === 'icmp' || protocol === 'icmpv6'
      ? PORT_LIMITS.icmp
      : undefined;
  if (!limits) return ports;
  const [min, max] = limits;
  if (ports.fromPort < min || ports.fromPort > max) {
    throw new SnapshotError(`${path}.FromPort: ${ports.fromPort} is outside ${min}..${max} for ${protocol}`);
  }
  if (ports.toPort < min || ports.toPort > max) {
    throw new SnapshotError(`${path}.ToPort: ${ports.toPort} is outside ${min}..${max} for ${protocol}`);
  }
  if (hasPorts(protocol) && ports.fromPort > ports.toPort) {
    throw new SnapshotError(`${path}: FromPort ${ports.fromPort} is greater than ToPort ${ports.toPort}`);
  }
  return ports;
}

/** Ports may be absent, integers or integer strings; anything else is an error, never "all ports". */
function checkPortShape(value: unknown, key: string, path: string): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'number' && Number.isInteger(value)) return;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return;
  throw shapeError(`${path}.${key}`, typeof value === 'number' ? 'an integer' : 'a number', value);
}

function readIsEgress(row: Json, path: string): boolean {
  if (typeof row.IsEgress !== 'boolean') throw shapeError(`${path}.IsEgress`, 'true or false', row.IsEgress);
  return row.IsEgress;
}

/** A description, or undefined when absent or blank (the seed wants every rule documented). */
function readDescription(entry: Json, path: string): string | undefined {
  const value = entry.Description;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw shapeError(`${path}.Description`, 'a string', value);
  return value.trim() === '' ? undefined : value;
}

function readTags(value: unknown, path: string): Record<string, string> {
  const tags: Record<string, string> = {};
  if (value === undefined || value === null) return tags;
  const list = expectArray(value, `${path}.Tags`);
  for (let i = 0; i < list.length; i++) {
    const where = `${path}.Tags[${i}]`;
    const tag = expectObject(list[i], where);
    const key = requiredString(tag, 'Key', where);
    setTag(tags, key, optionalString(tag, 'Value', where) ?? '');
  }
  return tags;
}

/** Sets a tag; a tag may legitimately be called `__proto__`, and assignment would change the prototype. */
export function setTag(tags: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(tags, key, { value, enumerable: true, writable: true });
  else tags[key] = value;
}
