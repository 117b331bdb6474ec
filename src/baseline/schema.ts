/**
 * The baseline file's schema: the zod shape of `baselines/*.yml` (structure and field formats) and
 * the cross-reference checks (cross-check.ts) run on its output.
 */
import { z } from 'zod';
import { normalizeProtocol } from '../model/protocol';
import type { Protocol } from '../model/types';
import {
  ACCOUNT,
  AWS_DESCRIPTION,
  CARRIER_KINDS,
  COMPLIANCE,
  cidrFamily,
  DIRECTIONS,
  EXPIRES,
  FORMAT,
  GROUP_ID,
  isVariableValue,
  PEERING_ID,
  PREFIX_LIST_ID,
  peerProblem,
  portRange,
  RISKS,
  ROLE_NAME,
  RULE_ID,
  SELECTOR_VPC,
  unknownProtocol,
  VAR_NAME,
  VPC_ID,
} from './syntax';

const text = (what: string) => z.string().trim().min(1, `${what} must not be empty`);
/** Not blank, and kept exactly as written: a name is matched to the character. */
const exactText = (what: string) =>
  z.string().refine((value) => value.trim() !== '', { error: `${what} must not be empty` });

const protocolField = z.unknown().transform((raw, ctx): Protocol => {
  const protocol = normalizeProtocol(raw);
  if (protocol === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: unknownProtocol(raw),
    });
    return z.NEVER;
  }
  return protocol;
});

const portsField = z.union([z.number(), z.string()], { error: FORMAT.ports });

const peerSchema = z
  .strictObject({
    cidr: z
      .string()
      .refine((value) => cidrFamily(value) !== undefined, { error: FORMAT.cidr })
      .optional(),
    var: z.string().regex(VAR_NAME, FORMAT.varName).optional(),
    role: z.string().optional(),
    prefixList: z.string().regex(PREFIX_LIST_ID, FORMAT.prefixList).optional(),
    /** A group no role names (another account's, across a peering, a default group): by id. */
    group: z.string().regex(GROUP_ID, FORMAT.groupId).optional(),
    account: z.string().regex(ACCOUNT, FORMAT.account).optional(),
    peering: z.string().regex(PEERING_ID, FORMAT.peering).optional(),
  })
  .superRefine((peer, ctx) => {
    const problem = peerProblem(peer);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
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
    id: z.string().regex(RULE_ID, FORMAT.ruleId),
    protocol: protocolField,
    ports: portsField,
    peer: peerSchema,
    purpose: text('purpose'),
    justification: text('justification'),
    description: z.string().regex(AWS_DESCRIPTION, FORMAT.description),
  })
  .superRefine(checkPorts);
export type RuleSpec = z.output<typeof ruleSchema>;

const roleSchema = z.strictObject({
  title: text('title'),
  risk: z.enum(RISKS),
  compliance: z.array(z.enum(COMPLIANCE)).default([]),
  autoRevert: z.boolean().default(true),
  noOutbound: z.boolean().default(false),
  /** May the role's group sit on an internet-reachable interface? Absent: inferred from its inbound rules. */
  internetFacing: z.boolean().optional(),
  /** The kinds of resources that may carry the role's group (`[rds]`); absent: any. */
  carriedBy: z.array(z.enum(CARRIER_KINDS)).optional(),
  ingress: z.array(ruleSchema).default([]),
  egress: z.array(ruleSchema).default([]),
});

const selectorSchema = z
  .strictObject({
    groupName: exactText('groupName').optional(),
    nameTag: exactText('nameTag').optional(),
    /** Only the group in this VPC (or, `ec2-classic`, in none): same-named groups elsewhere are other roles. */
    vpcId: z.string().regex(SELECTOR_VPC, FORMAT.selectorVpc).optional(),
  })
  .superRefine((selector, ctx) => {
    if ((selector.groupName === undefined) === (selector.nameTag === undefined)) {
      ctx.addIssue({ code: 'custom', message: FORMAT.selector });
    }
  });

const environmentSchema = z.strictObject({
  vars: z
    .record(
      z.string(),
      z.string().refine(isVariableValue, {
        error: FORMAT.variable,
      }),
    )
    .default({}),
  vpcIds: z.array(z.string().regex(VPC_ID, FORMAT.vpcId)).optional(),
  roles: z.record(z.string(), selectorSchema),
});

const exceptionSchema = z.strictObject({
  role: z.string(),
  /** Optional: limit the exception to one environment (an emergency change is made in one). */
  environment: z.string().optional(),
  rule: z
    .strictObject({
      direction: z.enum(DIRECTIONS),
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
    .regex(EXPIRES, FORMAT.expires)
    .refine((value) => !Number.isNaN(Date.parse(value)), { error: FORMAT.realDate }),
});

export const baselineSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().regex(ROLE_NAME, FORMAT.name),
  requiredTags: z.array(text('a tag key')).default([]),
  restrictedPorts: z.array(z.number().int().min(0).max(65535)).default([]),
  roles: z.record(z.string(), roleSchema),
  environments: z.record(z.string(), environmentSchema),
  exceptions: z.array(exceptionSchema).default([]),
});

/** A validated baseline file, as written (variables unresolved), plus where it came from. */
export type BaselineDocument = z.output<typeof baselineSchema> & { source: string };
