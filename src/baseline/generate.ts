/**
 * Writes a starting baseline from an observed estate (`sgdrift baseline init`): one role per group,
 * every observed rule declared, so a team can adopt the monitor and then tighten what it declares.
 * The round trip is the contract: audited with the baseline it wrote, the same estate shows no drift
 * (test/baseline/round-trip.property.test.ts). Exposure is not drift: rules `permissive-rules` keeps
 * reporting are written with a REVIEW comment, and listed in `reviews`.
 */
import { InputError } from '../errors';
import { isWorldCidr } from '../model/cidr';
import { hasPorts } from '../model/protocol';
import { formatRule } from '../model/rule-key';
import type { Estate, Rule, SecurityGroup } from '../model/types';
import { ENVIRONMENT_TAG } from '../model/well-known';
import { opensRestrictedToWorld, restrictedPortsOf } from '../model/world-open';
import { pickGroups } from './init-groups';
import { renderBaselineYaml, ruleCommentKey } from './init-yaml';
import {
  ACCOUNT,
  ENVIRONMENT_NAME,
  GROUP_ID,
  isAwsDescription,
  PEERING_ID,
  PREFIX_LIST_ID,
  SENTINEL_CIDR,
} from './syntax';

export interface GenerateOptions {
  environment: string;
  /** The baseline's name; default: the prefix the group names share (`thebot`). */
  name?: string;
  /** Only groups of this VPC (and the environment is pinned to it). */
  vpcId?: string;
  /** The date written into each rule's justification; default: today. */
  now?: Date;
}

/** What `init` wrote, and what it has to tell the person who ran it. */
export interface GeneratedBaseline {
  yaml: string;
  /** Rules `permissive-rules` will still report (world-open restricted port, all traffic from the world). */
  reviews: string[];
  /** Default groups not made roles, rules or groups not declared, tags not required, no pin. */
  notes: string[];
}

const WELL_KNOWN_TAGS = ['Name', 'Environment', 'ManagedBy'];
const DEFAULT_RESTRICTED_PORTS = [22, 5432, 6379, 8000, 16379];

type PeerOut = {
  cidr?: string;
  role?: string;
  prefixList?: string;
  group?: string;
  account?: string;
  peering?: string;
};

/** A baseline YAML that declares exactly what the estate has; it passes `parseBaseline`. */
export function generateBaseline(estate: Estate, options: GenerateOptions): GeneratedBaseline {
  if (!ENVIRONMENT_NAME.test(options.environment)) {
    throw new InputError(
      `baseline init: --environment ${options.environment}: environment names are lowercase letters, digits and -`,
    );
  }
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const { picked, vpcIds, name, defaults, notes } = pickGroups(estate, options);
  const roleOf = new Map(picked.map(({ group, role }) => [group.groupId, role]));
  const usedIds = new Set<string>();
  const reviews: string[] = [];
  const roleComments = new Map<string, string[]>();
  const ruleComments = new Map<string, string[]>();

  const roles: Record<string, unknown> = {};
  for (const { group, role } of picked) {
    const skipped: string[] = [];
    const rulesOf = (direction: Rule['direction']) =>
      group.rules
        .filter((rule) => rule.direction === direction)
        .flatMap((rule) => {
          const peer = peerSpec(rule, group, roleOf);
          const ports = portsText(rule);
          if (!peer || ports === undefined) {
            skipped.push(`Not declared (cannot be written in a baseline): ${formatRule(rule)}`);
            return [];
          }
          const id = uniqueId(ruleIdBase(role, rule, peer), usedIds);
          return [{ rule, spec: ruleSpec(id, rule, ports, peer, day) }];
        });
    const ingress = rulesOf('ingress');
    const egress = rulesOf('egress');
    ingress.forEach(({ rule }, index) => {
      const why = exposureOf(rule, DEFAULT_RESTRICTED_PORTS, group.rules);
      if (!why) return;
      ruleComments.set(ruleCommentKey(role, 'ingress', index), [
        `REVIEW: ${why}. permissive-rules reports it on every audit until it is narrowed, or an exception (owner, ticket, expiry within 30 days) covers it.`,
      ]);
      reviews.push(`${role} (${group.groupName}, ${group.groupId}): ${formatRule(rule)}: ${why}`);
    });
    roles[role] = {
      title: group.description?.trim() || group.groupName.trim() || group.groupId,
      risk: 'MEDIUM',
      compliance: [],
      // Off until a person has reviewed the role: a generated baseline must not start reverting.
      autoRevert: false,
      noOutbound:
        egress.length > 0 &&
        egress.every(({ rule }) => rule.peer.value === SENTINEL_CIDR && rule.protocol === 'all'),
      ingress: ingress.map(({ spec }) => spec),
      egress: egress.map(({ spec }) => spec),
    };
    if (skipped.length > 0) {
      roleComments.set(role, skipped);
      notes.push(...skipped.map((line) => `${role}: ${line}`));
    }
  }

  const requiredTags = requiredTagsOf(
    picked.map(({ group }) => group),
    options.environment,
    notes,
  );
  if (defaults.length > 0) {
    notes.push(
      `Not roles: the default groups ${defaults.map((group) => group.groupId).join(', ')}; default-group-open judges them (a default group should have no rules).`,
    );
  }
  const data = {
    version: 1,
    name,
    requiredTags,
    restrictedPorts: DEFAULT_RESTRICTED_PORTS,
    roles,
    environments: {
      [options.environment]: {
        vars: {},
        ...(vpcIds ? { vpcIds } : {}),
        roles: Object.fromEntries(picked.map(({ role, selector }) => [role, selector])),
      },
    },
    exceptions: [],
  };
  const header = [
    `Generated from an observed estate on ${day} (sgdrift baseline init).`,
    'Review each role: title, risk, compliance, purpose and justification; then turn autoRevert on.',
    ...(reviews.length > 0
      ? [`${reviews.length} rule(s) marked REVIEW stay permissive-rules findings.`]
      : []),
    ...notes,
  ];
  const yaml = renderBaselineYaml(data, { header, roles: roleComments, rules: ruleComments });
  return { yaml, reviews, notes };
}

function ruleSpec(id: string, rule: Rule, ports: string, peer: PeerOut, day: string) {
  return {
    id,
    ports: /^\d+$/.test(ports) ? Number(ports) : ports,
    protocol: rule.protocol,
    peer,
    purpose: rule.description?.trim() || `Observed ${rule.direction} ${rule.protocol} ${ports}`,
    justification: `Observed on ${day}; justify before adopting`,
    description: awsDescription(rule.description, id),
  };
}

/**
 * Tags every group has, non-blank: what the estate already keeps. `Environment` only when every
 * group says this environment (missing-tags compares it with the environment audited); `aws:` tags
 * are AWS's own, not the team's to require.
 */
function requiredTagsOf(groups: SecurityGroup[], environment: string, notes: string[]): string[] {
  const [first, ...rest] = groups;
  if (!first) return [];
  const hasTag = (group: SecurityGroup, key: string) =>
    Object.hasOwn(group.tags, key) && (group.tags[key] ?? '').trim() !== '';
  const shared = Object.keys(first.tags).filter(
    (key) =>
      key.trim() === key &&
      key !== '' &&
      !key.startsWith('aws:') &&
      [first, ...rest].every((g) => hasTag(g, key)),
  );
  const environments = new Set(groups.map((group) => group.tags[ENVIRONMENT_TAG]));
  if (shared.includes(ENVIRONMENT_TAG) && (environments.size !== 1 || !environments.has(environment))) {
    notes.push(
      `Environment tag not required: groups are tagged Environment=${[...environments].join(', ')}, and missing-tags expects ${environment}.`,
    );
    shared.splice(shared.indexOf(ENVIRONMENT_TAG), 1);
  }
  const known = WELL_KNOWN_TAGS.filter((key) => shared.includes(key));
  return [...known, ...shared.filter((key) => !known.includes(key)).sort()];
}

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
      return PREFIX_LIST_ID.test(rule.peer.value) ? { prefixList: rule.peer.value } : undefined;
    case 'group': {
      if (rule.peer.value === group.groupId) return { role: 'self' };
      const role = roleOf.get(rule.peer.value);
      if (role) return { role };
      // Another account's group, a peered or default group, one absent from the snapshot: by id,
      // with the account and peering AWS reports on this reference (values a baseline can hold).
      if (!GROUP_ID.test(rule.peer.value)) return undefined;
      const { account, peeringId } = rule.peer;
      return {
        group: rule.peer.value,
        ...(account !== undefined && ACCOUNT.test(account) && account !== group.ownerId ? { account } : {}),
        ...(peeringId !== undefined && PEERING_ID.test(peeringId) ? { peering: peeringId } : {}),
      };
    }
  }
}

/** Why `permissive-rules` will report this rule whatever the baseline says, or undefined. */
function exposureOf(
  rule: Rule,
  restrictedPorts: readonly number[],
  groupRules: readonly Rule[],
): string | undefined {
  if (!opensRestrictedToWorld(rule, restrictedPorts, groupRules)) return undefined;
  const from = isWorldCidr(rule.peer.value)
    ? rule.peer.value
    : `${rule.peer.value}, with the group's other ranges for this traffic`;
  if (rule.protocol === 'all') return `all traffic from the whole internet (${from})`;
  const ports = restrictedPortsOf(rule, restrictedPorts).join(', ');
  return `restricted port ${ports} open to the whole internet (${from})`;
}

function ruleIdBase(role: string, rule: Rule, peer: PeerOut): string {
  const own = snake(role);
  const toward = rule.direction === 'ingress' ? 'from' : 'to';
  if (peer.role === 'self') return `${own}_internal`;
  if (peer.role) return `${own}_${toward}_${snake(peer.role)}`;
  if (peer.group) return `${own}_${toward}_${snake(peer.group.toLowerCase())}`;
  const where = rule.direction === 'ingress' ? 'in' : 'out';
  if (rule.protocol === 'all') return `${own}_${where}_all`;
  const ports = (portsText(rule) ?? 'all').replace(/-/g, '_');
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

/** Ports as a baseline writes them (the inverse of `portRange`); undefined when it cannot say them. */
function portsText(rule: Rule): string | undefined {
  if (rule.protocol === 'all') return 'all';
  if (hasPorts(rule.protocol)) {
    return rule.fromPort === rule.toPort ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`;
  }
  if (rule.protocol === 'icmp' || rule.protocol === 'icmpv6') {
    if (rule.fromPort === -1) return rule.toPort === -1 ? 'all' : undefined;
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
