/**
 * The baseline file's schema: the zod shape of `baselines/*.yml` (structure and field formats) and
 * the cross-reference checks zod cannot express (roles, variables, environments, expiry).
 */
import { z } from 'zod';
import { parseCidr } from '../model/cidr';
import { canonicalPorts, hasPorts, normalizeProtocol } from '../model/protocol';
import type { Protocol } from '../model/types';

/** The unreachable destination the seed uses to say "no outbound" (database, redis). */
export const SENTINEL_CIDR = '127.0.0.1/32';
/** Exceptions are the emergency procedure, not a way to park drift: at most this far ahead. */
export const MAX_EXCEPTION_DAYS = 30;
/** The peer role that means "this same group" (redis_internal). */
export const SELF_ROLE = 'self';

const DAY_MS = 24 * 60 * 60 * 1000;
const ROLE_NAME = /^[a-z][a-z0-9-]*$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]*$/;
const RULE_ID = /^[a-z][a-z0-9_]*$/;
const VAR_NAME = /^[a-z_][a-z0-9_]*$/;
const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const EXPIRES = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
// What EC2 accepts in a rule description; a baseline description it would refuse cannot be restored.
const AWS_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

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

const text = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

const protocolField = z.unknown().transform((raw, ctx): Protocol => {
  const protocol = normalizeProtocol(raw);
  if (protocol === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown protocol ${JSON.stringify(raw)} (tcp, udp, icmp, icmpv6, all or -1, or an IANA number)`,
    });
    return z.NEVER;
  }
  return protocol;
});

const portsField = z.union([z.number(), z.string()], { error: 'expected a port, "from-to" or all' });

const peerSchema = z
  .strictObject({
    cidr: z
      .string()
      .refine((value) => cidrFamily(value) !== undefined, { error: 'not a valid IPv4 or IPv6 CIDR' })
      .optional(),
    var: z.string().regex(VAR_NAME, 'variable names are lowercase letters, digits and _').optional(),
    role: z.string().optional(),
    prefixList: z.string().regex(PREFIX_LIST_ID, 'not a prefix list id (pl-…)').optional(),
  })
  .superRefine((peer, ctx) => {
    if (Object.values(peer).filter((value) => value !== undefined).length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'a peer is exactly one of cidr, var, role, prefixList' });
    }
  });
export type PeerSpec = z.output<typeof peerSchema>;

/** Checks ports against protocol once both fields parsed; the issue lands on `ports`. */
function checkPorts(rule: { protocol: unknown; ports: unknown }, ctx: z.RefinementCtx): void {
  if (typeof rule.protocol !== 'string') return;
  if (typeof rule.ports !== 'number' && typeof rule.ports !== 'string') return;
  const range = portRange(rule.protocol, rule.ports);
  if (!range.ok) ctx.addIssue({ code: 'custom', path: ['ports'], message: range.problem });
}

const ruleSchema = z
  .strictObject({
    id: z.string().regex(RULE_ID, 'rule ids are lowercase letters, digits and _ (bastion_ssh)'),
    protocol: protocolField,
    ports: portsField,
    peer: peerSchema,
    purpose: text('purpose'),
    justification: text('justification'),
    description: z
      .string()
      .regex(AWS_DESCRIPTION, 'EC2 accepts 1-255 of a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*'),
  })
  .superRefine(checkPorts);
export type RuleSpec = z.output<typeof ruleSchema>;

const roleSchema = z.strictObject({
  title: text('title'),
  risk: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
  compliance: z.array(z.enum(['HIPAA', 'SOC2', 'PCI-DSS'])).default([]),
  autoRevert: z.boolean().default(true),
  noOutbound: z.boolean().default(false),
  ingress: z.array(ruleSchema).default([]),
  egress: z.array(ruleSchema).default([]),
});
export type RoleSpec = z.output<typeof roleSchema>;

const selectorSchema = z
  .strictObject({ groupName: text('groupName').optional(), nameTag: text('nameTag').optional() })
  .superRefine((selector, ctx) => {
    if ((selector.groupName === undefined) === (selector.nameTag === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a selector is exactly one of groupName, nameTag' });
    }
  });

const environmentSchema = z.strictObject({
  vars: z
    .record(
      z.string(),
      z.string().refine((value) => cidrFamily(value) !== undefined || isPrefixListId(value), {
        error: 'a variable is a CIDR or a prefix list id',
      }),
    )
    .default({}),
  vpcIds: z.array(z.string().regex(VPC_ID, 'not a VPC id (vpc-…)')).optional(),
  roles: z.record(z.string(), selectorSchema),
});
export type EnvironmentSpec = z.output<typeof environmentSchema>;

const exceptionSchema = z.strictObject({
  role: z.string(),
  /** Optional: limit the exception to one environment (an emergency change is made in one). */
  environment: z.string().optional(),
  rule: z
    .strictObject({
      direction: z.enum(['ingress', 'egress']),
      protocol: protocolField,
      ports: portsField,
      peer: peerSchema,
    })
    .superRefine(checkPorts),
  reason: text('reason'),
  owner: text('owner'),
  ticket: text('ticket'),
  expires: z
    .string()
    .regex(EXPIRES, 'expected a date (2026-12-31) or an ISO timestamp')
    .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'not a real date' }),
});
export type ExceptionSpec = z.output<typeof exceptionSchema>;

export const baselineSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().regex(ROLE_NAME, 'names are lowercase letters, digits and -'),
  requiredTags: z.array(text('a tag key')).default([]),
  restrictedPorts: z.array(z.number().int().min(0).max(65535)).default([]),
  roles: z.record(z.string(), roleSchema),
  environments: z.record(z.string(), environmentSchema),
  exceptions: z.array(exceptionSchema).default([]),
});

/** A validated baseline file, as written (variables unresolved), plus where it came from. */
export type BaselineDocument = z.output<typeof baselineSchema> & { source: string };

/** A problem found past the schema; `path` is inside the file. */
export interface Problem {
  path: Array<string | number>;
  message: string;
}

/** Cross-reference checks on a structurally valid document, in document order. */
export function crossCheck(doc: z.output<typeof baselineSchema>, now: Date): Problem[] {
  const problems: Problem[] = [];
  const roleNames = Object.keys(doc.roles);
  const environmentNames = Object.keys(doc.environments);
  const knownRoles = `known: ${roleNames.join(', ')}`;
  const knownEnvironments = `known: ${environmentNames.join(', ')}`;

  const checkPeer = (peer: PeerSpec, path: Problem['path'], environments: string[]) => {
    if (peer.role !== undefined && peer.role !== SELF_ROLE && !(peer.role in doc.roles)) {
      problems.push({
        path: [...path, 'role'],
        message: `unknown role '${peer.role}' (${knownRoles}; or self)`,
      });
    }
    if (peer.var === undefined) return;
    for (const environment of environments) {
      if (!(peer.var in (doc.environments[environment]?.vars ?? {}))) {
        problems.push({
          path: [...path, 'var'],
          message: `variable '${peer.var}' is not defined in environments.${environment}.vars`,
        });
      }
    }
  };

  const firstRuleId = new Map<string, string>();
  for (const [role, spec] of Object.entries(doc.roles)) {
    if (!ROLE_NAME.test(role) || role === SELF_ROLE) {
      problems.push({
        path: ['roles', role],
        message: 'role names are lowercase letters, digits and - (and not self)',
      });
    }
    const seenRules = new Map<string, string>();
    for (const direction of ['ingress', 'egress'] as const) {
      spec[direction].forEach((rule, index) => {
        const path = ['roles', role, direction, index];
        const where = formatPath([...path, 'id']);
        const first = firstRuleId.get(rule.id);
        if (first) {
          problems.push({
            path: [...path, 'id'],
            message: `duplicate rule id '${rule.id}' (first at ${first})`,
          });
        } else {
          firstRuleId.set(rule.id, where);
        }
        const key = `${direction} ${rule.protocol} ${rule.ports} ${JSON.stringify(rule.peer)}`;
        const same = seenRules.get(key);
        if (same) problems.push({ path, message: `the same rule as '${same}'` });
        else seenRules.set(key, rule.id);
        checkPeer(rule.peer, [...path, 'peer'], environmentNames);
        if (direction === 'egress' && spec.noOutbound && !isSentinel(rule)) {
          problems.push({
            path,
            message: `a noOutbound role declares only the ${SENTINEL_CIDR} sentinel with protocol all`,
          });
        }
      });
    }
  }

  for (const [environment, spec] of Object.entries(doc.environments)) {
    if (!ENVIRONMENT_NAME.test(environment)) {
      problems.push({
        path: ['environments', environment],
        message: 'environment names are lowercase letters, digits and -',
      });
    }
    const selectorOwner = new Map<string, string>();
    for (const [role, selector] of Object.entries(spec.roles)) {
      if (!(role in doc.roles)) {
        problems.push({
          path: ['environments', environment, 'roles', role],
          message: `unknown role '${role}' (${knownRoles})`,
        });
      }
      const key = JSON.stringify(selector);
      const owner = selectorOwner.get(key);
      if (owner) {
        problems.push({
          path: ['environments', environment, 'roles', role],
          message: `selects the same group as role '${owner}'`,
        });
      } else {
        selectorOwner.set(key, role);
      }
    }
    for (const role of roleNames) {
      if (!(role in spec.roles)) {
        problems.push({
          path: ['environments', environment, 'roles'],
          message: `no selector for role '${role}'`,
        });
      }
    }
  }

  const latest = now.getTime() + MAX_EXCEPTION_DAYS * DAY_MS;
  doc.exceptions.forEach((exception, index) => {
    const path = ['exceptions', index];
    if (!(exception.role in doc.roles)) {
      problems.push({ path: [...path, 'role'], message: `unknown role '${exception.role}' (${knownRoles})` });
    }
    if (exception.environment !== undefined && !(exception.environment in doc.environments)) {
      problems.push({
        path: [...path, 'environment'],
        message: `unknown environment '${exception.environment}' (${knownEnvironments})`,
      });
    }
    const scope = exception.environment === undefined ? environmentNames : [exception.environment];
    checkPeer(
      exception.rule.peer,
      [...path, 'rule', 'peer'],
      scope.filter((name) => name in doc.environments),
    );
    // An expired exception is valid here: the `expired-exceptions` check reports it.
    if (Date.parse(exception.expires) > latest) {
      problems.push({
        path: [...path, 'expires'],
        message: `${exception.expires} is more than ${MAX_EXCEPTION_DAYS} days after ${now.toISOString().slice(0, 10)}; exceptions are temporary`,
      });
    }
  });
  return problems;
}

function isSentinel(rule: RuleSpec): boolean {
  return rule.protocol === 'all' && rule.peer.cidr === SENTINEL_CIDR;
}

/** `['roles', 'bastion', 'ingress', 0, 'peer']` → `roles.bastion.ingress[0].peer`; root is `(root)`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}
