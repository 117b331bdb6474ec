/**
 * The baseline file's schema: the zod shape of `baselines/*.yml` (structure and field formats) and
 * the cross-reference checks (cross-check.ts) run on its output.
 */
import { z } from 'zod';
import { normalizeProtocol } from '../model/protocol';
import type { Protocol } from '../model/types';
import {
  AWS_DESCRIPTION,
  cidrFamily,
  EXPIRES,
  isPrefixListId,
  PREFIX_LIST_ID,
  portRange,
  ROLE_NAME,
  RULE_ID,
  VAR_NAME,
  VPC_ID,
} from './syntax';

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
