/**
 * Writes a starting baseline from an observed estate (`sgdrift baseline init`): one role per group,
 * every observed rule declared, so a team can adopt the monitor and then tighten what it declares.
 */
import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import { InputError } from '../errors';
import { hasPorts } from '../model/protocol';
import type { Estate, Rule, SecurityGroup } from '../model/types';
import { isAwsDescription } from './syntax';

export interface GenerateOptions {
  environment: string;
  /** The baseline's name; default: the prefix the group names share (`thebot`). */
  name?: string;
  /** Only groups of this VPC (and the environment is pinned to it). */
  vpcId?: string;
  /** The date written into each rule's justification; default: today. */
  now?: Date;
}

const DEFAULT_REQUIRED_TAGS = ['Name', 'Environment', 'ManagedBy'];
const DEFAULT_RESTRICTED_PORTS = [22, 5432, 6379, 8000, 16379];
const SENTINEL_CIDR = '127.0.0.1/32';
const GENERIC_SUFFIXES = new Set(['sg', 'secgroup', 'securitygroup']);

/** A baseline YAML that declares exactly what the estate has; it passes `parseBaseline`. */
export function generateBaseline(estate: Estate, options: GenerateOptions): string {
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const notes: string[] = [];
  const groups = pickGroups(estate, options.vpcId, notes);
  const { name, roleOf } = nameRoles(groups, options);
  const usedIds = new Set<string>();

  const roles: Record<string, unknown> = {};
  const skippedByRole = new Map<string, string[]>();
  for (const group of groups) {
    const role = roleOf.get(group.groupId) ?? '';
    const skipped: string[] = [];
    const rulesOf = (direction: Rule['direction']) =>
      group.rules
        .filter((rule) => rule.direction === direction)
        .flatMap((rule) => {
          const peer = peerSpec(rule, group, roleOf);
          if (!peer) {
            skipped.push(`${direction} ${rule.protocol} ${portsText(rule)} with ${rule.peer.value}`);
            return [];
          }
          const id = uniqueId(ruleIdBase(role, rule, peer), usedIds);
          return [
            {
              id,
              ports: portsSpec(rule),
              protocol: rule.protocol,
              peer,
              purpose:
                rule.description?.trim() || `Observed ${direction} ${rule.protocol} ${portsText(rule)}`,
              justification: `Observed on ${day}; justify before adopting`,
              description: awsDescription(rule.description, id),
            },
          ];
        });
    const egress = rulesOf('egress');
    roles[role] = {
      title: group.description?.trim() || group.groupName,
      risk: 'MEDIUM',
      compliance: [],
      // Off until a person has reviewed the role: a generated baseline must not start reverting.
      autoRevert: false,
      noOutbound:
        egress.length > 0 &&
        egress.every((rule) => rule.peer.cidr === SENTINEL_CIDR && rule.protocol === 'all'),
      ingress: rulesOf('ingress'),
      egress,
    };
    if (skipped.length > 0) skippedByRole.set(role, skipped);
  }

  const vpcIds = options.vpcId
    ? [options.vpcId]
    : [...new Set(groups.flatMap((g) => (g.vpcId ? [g.vpcId] : [])))];
  const selectors = Object.fromEntries(
    groups.map((g) => [roleOf.get(g.groupId) ?? '', { groupName: g.groupName }]),
  );
  const doc = new Document({
    version: 1,
    name,
    requiredTags: DEFAULT_REQUIRED_TAGS,
    restrictedPorts: DEFAULT_RESTRICTED_PORTS,
    roles,
    environments: {
      [options.environment]: { vars: {}, ...(vpcIds.length > 0 ? { vpcIds } : {}), roles: selectors },
    },
    exceptions: [],
  });
  doc.commentBefore = [
    ` Generated from an observed estate on ${day} (sgdrift baseline init).`,
    ' Review each role: title, risk, compliance, purpose and justification; then turn autoRevert on.',
    ...notes.map((note) => ` ${note}`),
  ].join('\n');
  flowStyle(doc, skippedByRole);
  return doc.toString({ lineWidth: 0 });
}

function pickGroups(estate: Estate, vpcId: string | undefined, notes: string[]): SecurityGroup[] {
  const seen = new Set<string>();
  const picked: SecurityGroup[] = [];
  const inScope = estate.groups
    .filter((group) => group.groupName !== 'default' && (vpcId === undefined || group.vpcId === vpcId))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  if (inScope.length === 0) {
    throw new InputError(
      vpcId
        ? `no security group in ${vpcId} to build a baseline from`
        : 'no security group to build a baseline from',
    );
  }
  for (const group of inScope) {
    // A group name selects one group; a second group of that name (another VPC) cannot be told apart.
    if (seen.has(group.groupName)) {
      notes.push(`Skipped ${group.groupId}: another group is also named ${group.groupName}; pass a VPC id.`);
      continue;
    }
    seen.add(group.groupName);
    picked.push(group);
  }
  return picked;
}

/** Role names from group names: `thebot-backend-sg` → `backend` (shared prefix and `sg` dropped). */
function nameRoles(
  groups: SecurityGroup[],
  options: GenerateOptions,
): { name: string; roleOf: Map<string, string> } {
  const tokensOf = (group: SecurityGroup) => {
    const tokens = group.groupName
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    while (tokens.length > 1 && GENERIC_SUFFIXES.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
    return tokens;
  };
  const all = groups.map(tokensOf);
  const shared = groups.length > 1 ? commonPrefix(all) : [];
  const name = options.name ?? (shared[0] && /^[a-z]/.test(shared[0]) ? shared[0] : 'baseline');
  const drop = new Set([...(options.name ?? name).split('-'), options.environment, ...shared]);

  const roleOf = new Map<string, string>();
  const used = new Set<string>(['self']);
  groups.forEach((group, index) => {
    const tokens = [...(all[index] ?? [])];
    while (tokens.length > 1 && drop.has(tokens[0] ?? '')) tokens.shift();
    let base = tokens.join('-') || 'group';
    if (!/^[a-z]/.test(base)) base = `group-${base}`;
    let role = base;
    for (let n = 2; used.has(role); n += 1) role = `${base}-${n}`;
    used.add(role);
    roleOf.set(group.groupId, role);
  });
  return { name, roleOf };
}

function commonPrefix(lists: string[][]): string[] {
  const first = lists[0] ?? [];
  const prefix: string[] = [];
  for (let i = 0; i < first.length - 1; i += 1) {
    if (lists.every((list) => list[i] === first[i] && list.length > i + 1)) prefix.push(first[i] ?? '');
    else break;
  }
  return prefix;
}

type PeerOut = { cidr?: string; role?: string; prefixList?: string };

function peerSpec(
  rule: Rule,
  group: SecurityGroup,
  roleOf: ReadonlyMap<string, string>,
): PeerOut | undefined {
  switch (rule.peer.kind) {
    case 'cidr4':
    case 'cidr6':
      return { cidr: rule.peer.value };
    case 'prefix-list':
      return { prefixList: rule.peer.value };
    case 'group': {
      if (rule.peer.value === group.groupId) return { role: 'self' };
      const role = roleOf.get(rule.peer.value);
      // Baselines name groups by role only; a peer outside the generated roles cannot be declared.
      return role ? { role } : undefined;
    }
  }
}

function ruleIdBase(role: string, rule: Rule, peer: PeerOut): string {
  const own = snake(role);
  if (peer.role === 'self') return `${own}_internal`;
  if (peer.role) return `${own}_${rule.direction === 'ingress' ? 'from' : 'to'}_${snake(peer.role)}`;
  const where = rule.direction === 'ingress' ? 'in' : 'out';
  if (rule.protocol === 'all') return `${own}_${where}_all`;
  const ports = portsText(rule).replace(/-/g, '_');
  return rule.protocol === 'tcp'
    ? `${own}_${where}_${ports}`
    : `${own}_${where}_${snake(rule.protocol)}_${ports}`;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n += 1) id = `${base}_${n}`;
  used.add(id);
  return id;
}

function portsSpec(rule: Rule): number | string {
  const text = portsText(rule);
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Ports as a baseline writes them; the inverse of `portRange`. */
function portsText(rule: Rule): string {
  if (rule.protocol === 'all' || rule.fromPort === -1) return 'all';
  if (hasPorts(rule.protocol)) {
    return rule.fromPort === rule.toPort ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`;
  }
  if (rule.protocol === 'icmp' || rule.protocol === 'icmpv6') {
    return rule.toPort === -1 ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`;
  }
  return 'all';
}

function awsDescription(observed: string | undefined, id: string): string {
  if (observed && isAwsDescription(observed)) return observed;
  const cleaned = (observed ?? '')
    .replace(/[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, ' ')
    .trim()
    .slice(0, 240);
  return cleaned ? `${cleaned} (${id})`.slice(0, 255) : `Observed rule (${id})`;
}

function snake(value: string): string {
  return value.replace(/[^a-z0-9]+/g, '_');
}

/** Peers and selectors on one line, as a person writes them; skipped rules noted on their role. */
function flowStyle(doc: Document, skippedByRole: ReadonlyMap<string, string[]>): void {
  for (const key of ['requiredTags', 'restrictedPorts']) {
    const list = doc.get(key, true);
    if (isSeq(list)) list.flow = true;
  }
  const roles = doc.get('roles');
  if (isMap(roles)) {
    for (const pair of roles.items) {
      const role = pair.value as YAMLMap;
      const key = String((pair.key as { value?: unknown }).value);
      for (const direction of ['ingress', 'egress']) {
        const list = role.get(direction, true) as { items: YAMLMap[] } | undefined;
        for (const rule of list?.items ?? []) setFlow(rule.get('peer', true));
      }
      const skipped = skippedByRole.get(key);
      if (skipped) {
        role.commentBefore = skipped
          .map((s) => ` Not declared (peer group outside this baseline): ${s}`)
          .join('\n');
      }
    }
  }
  const environments = doc.get('environments');
  if (isMap(environments)) {
    for (const pair of environments.items) {
      const selectors = (pair.value as YAMLMap).get('roles', true);
      if (isMap(selectors)) for (const item of selectors.items) setFlow(item.value);
    }
  }
}

function setFlow(node: unknown): void {
  if (isMap(node)) node.flow = true;
}
