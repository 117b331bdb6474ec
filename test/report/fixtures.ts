/**
 * AuditResults built by hand for the renderers: the seed's six groups ("Output Example" names and
 * ids), compliant, plus helpers to add drift and findings. No engine involved, on purpose.
 */

import type { BaselineRule, EnvironmentBaseline, ExpectedPeer, RoleBaseline } from '../../src/baseline/types';
import type { Direction, Peer, Rule, SecurityGroup } from '../../src/model/types';
import type { AuditResult, SuppressedFinding } from '../../src/report/audit-result';
import type { Compliance, Finding, Severity } from '../../src/rules/types';

export const WORLD_V4 = '0.0.0.0/0';
export const WORLD_V6 = '::/0';
export const OFFICE_CIDR = '203.0.113.0/32';
export const VPC_CIDR = '10.0.0.0/16';
export const SENTINEL_CIDR = '127.0.0.1/32';
export const VPC_ID = 'vpc-0123456789abcdef0';
export const GENERATED_AT = '2025-12-27T10:30:00.000Z';
export const DURATION_MS = 2340;

export const GROUP_ID = {
  bastion: 'sg-001',
  frontend: 'sg-002',
  backend: 'sg-003',
  database: 'sg-004',
  redis: 'sg-005',
  'vpc-endpoints': 'sg-006',
} as const;
export type RoleName = keyof typeof GROUP_ID;

const ROLE_RISK: Record<RoleName, Severity> = {
  bastion: 'MEDIUM',
  frontend: 'LOW',
  backend: 'HIGH',
  database: 'CRITICAL',
  redis: 'HIGH',
  'vpc-endpoints': 'MEDIUM',
};

const cidr = (value: string): ExpectedPeer => ({ kind: 'cidr4', value });
const role = (value: RoleName): ExpectedPeer => ({ kind: 'role', value });

type RuleSpec = [
  id: string,
  direction: Direction,
  protocol: string,
  from: number,
  to: number,
  peer: ExpectedPeer,
];

// The seed's tables, in their order.
const RULES: Record<RoleName, RuleSpec[]> = {
  bastion: [
    ['bastion_ssh', 'ingress', 'tcp', 22, 22, cidr(OFFICE_CIDR)],
    ['bastion_outbound', 'egress', 'all', -1, -1, cidr(WORLD_V4)],
  ],
  frontend: [
    ['frontend_http', 'ingress', 'tcp', 80, 80, cidr(WORLD_V4)],
    ['frontend_https', 'ingress', 'tcp', 443, 443, cidr(WORLD_V4)],
    ['frontend_to_backend', 'egress', 'tcp', 8000, 8000, role('backend')],
    ['frontend_outbound', 'egress', 'all', -1, -1, cidr(WORLD_V4)],
  ],
  backend: [
    ['backend_from_alb', 'ingress', 'tcp', 8000, 8000, role('frontend')],
    ['backend_from_bastion', 'ingress', 'tcp', 22, 22, role('bastion')],
    ['backend_from_redis', 'ingress', 'tcp', 6379, 6379, role('redis')],
    ['backend_to_database', 'egress', 'tcp', 5432, 5432, role('database')],
    ['backend_to_redis', 'egress', 'tcp', 6379, 6379, role('redis')],
    ['backend_outbound', 'egress', 'all', -1, -1, cidr(WORLD_V4)],
  ],
  database: [
    ['database_from_backend', 'ingress', 'tcp', 5432, 5432, role('backend')],
    ['database_from_bastion', 'ingress', 'tcp', 5432, 5432, role('bastion')],
    ['database_outbound_none', 'egress', 'all', -1, -1, cidr(SENTINEL_CIDR)],
  ],
  redis: [
    ['redis_from_backend', 'ingress', 'tcp', 6379, 6379, role('backend')],
    ['redis_from_bastion', 'ingress', 'tcp', 6379, 6379, role('bastion')],
    ['redis_internal', 'ingress', 'tcp', 16379, 16379, role('redis')],
    ['redis_outbound_none', 'egress', 'all', -1, -1, cidr(SENTINEL_CIDR)],
  ],
  'vpc-endpoints': [
    ['vpc_endpoints_https', 'ingress', 'tcp', 443, 443, cidr(VPC_CIDR)],
    ['vpc_endpoints_http', 'ingress', 'tcp', 80, 80, cidr(VPC_CIDR)],
  ],
};

const ROLE_NAMES = Object.keys(GROUP_ID) as RoleName[];

/** The seed's group name of a role: `bastion-sg`, `vpc-endpoints-sg`. */
export function groupNameOf(roleName: RoleName): string {
  return `${roleName}-sg`;
}

function baselineRule(
  [id, direction, protocol, fromPort, toPort, peer]: RuleSpec,
  roleName: RoleName,
): BaselineRule {
  return {
    id,
    role: roleName,
    direction,
    protocol,
    fromPort,
    toPort,
    peer,
    purpose: id,
    justification: id,
    description: id,
  };
}

function concrete(rule: BaselineRule): Rule {
  const peer: Peer =
    rule.peer.kind === 'role' ? { kind: 'group', value: GROUP_ID[rule.peer.value as RoleName] } : rule.peer;
  return {
    direction: rule.direction,
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    peer,
    description: rule.description,
  };
}

/** The production baseline of the seed's six roles. */
export function seedBaseline(): EnvironmentBaseline {
  const roles: RoleBaseline[] = ROLE_NAMES.map((roleName) => ({
    role: roleName,
    title: roleName,
    risk: ROLE_RISK[roleName],
    compliance: ['HIPAA', 'SOC2', 'PCI-DSS'],
    autoRevert: true,
    noOutbound: roleName === 'database' || roleName === 'redis',
    selector: { groupName: groupNameOf(roleName) },
    rules: RULES[roleName].map((spec) => baselineRule(spec, roleName)),
  }));
  return {
    source: 'baselines/thebot.yml',
    name: 'thebot',
    environment: 'production',
    requiredTags: ['Name', 'Environment', 'ManagedBy'],
    restrictedPorts: [22, 5432, 6379, 8000, 16379],
    vpcIds: [VPC_ID],
    roles,
    exceptions: [],
  };
}

/** The baseline rule with this id, as a concrete rule (role peers as the seed's group ids). */
export function baselineRuleAsRule(id: string): Rule {
  for (const roleBaseline of seedBaseline().roles) {
    const found = roleBaseline.rules.find((rule) => rule.id === id);
    if (found) return concrete(found);
  }
  throw new Error(`no baseline rule ${id}`);
}

/** The seed's estate and a clean audit of it: six groups, 21 rules, no findings. */
export function compliantResult(): AuditResult {
  const baseline = seedBaseline();
  const groups: SecurityGroup[] = baseline.roles.map((roleBaseline) => ({
    groupId: GROUP_ID[roleBaseline.role as RoleName],
    groupName: groupNameOf(roleBaseline.role as RoleName),
    vpcId: VPC_ID,
    tags: {
      Name: groupNameOf(roleBaseline.role as RoleName),
      Environment: 'production',
      ManagedBy: 'terraform',
    },
    rules: roleBaseline.rules.map(concrete),
  }));
  return resultOf(baseline, groups, [], []);
}

/** A result over the given groups and findings, with summary and compliance recomputed. */
export function resultOf(
  baseline: EnvironmentBaseline,
  groups: SecurityGroup[],
  findings: Finding[],
  suppressed: SuppressedFinding[],
): AuditResult {
  const groupOfRole = new Map<string, SecurityGroup>();
  const roleOfGroup = new Map<string, string>();
  for (const roleBaseline of baseline.roles) {
    const group = groups.find((candidate) => candidate.groupName === roleBaseline.selector.groupName);
    if (!group) continue;
    groupOfRole.set(roleBaseline.role, group);
    roleOfGroup.set(group.groupId, roleBaseline.role);
  }
  const counts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const finding of findings) if (finding.severity !== 'INFO') counts[finding.severity] += 1;
  return {
    environment: baseline.environment,
    compliant: findings.length === 0,
    summary: {
      groups: groups.length,
      rules: groups.reduce((sum, group) => sum + group.rules.length, 0),
      findings: counts,
    },
    findings,
    suppressed,
    generatedAt: GENERATED_AT,
    durationMs: DURATION_MS,
    baseline,
    estate: { groups },
    resolution: {
      groupOfRole,
      roleOfGroup,
      vpcIds: new Set([VPC_ID]),
      ambiguous: new Map(),
      outsideScope: new Map(),
      emptyPins: [],
      switched: new Map(),
    },
  };
}

/** The result with these findings (and suppressed findings) added. */
export function withFindings(
  result: AuditResult,
  findings: Finding[],
  suppressed: SuppressedFinding[] = [],
): AuditResult {
  return resultOf(
    result.baseline,
    result.estate.groups,
    [...result.findings, ...findings],
    [...result.suppressed, ...suppressed],
  );
}

/** The result with the estate's groups changed by `change` (a copy; the input is untouched). */
export function withGroups(
  result: AuditResult,
  change: (groups: SecurityGroup[]) => SecurityGroup[],
): AuditResult {
  const copies = result.estate.groups.map((group) => ({
    ...group,
    tags: { ...group.tags },
    rules: [...group.rules],
  }));
  return resultOf(result.baseline, change(copies), result.findings, result.suppressed);
}

/** Adds a rule to a role's group. */
export function addRule(result: AuditResult, roleName: RoleName, rule: Rule): AuditResult {
  return withGroups(result, (groups) =>
    groups.map((group) =>
      group.groupId === GROUP_ID[roleName] ? { ...group, rules: [...group.rules, rule] } : group,
    ),
  );
}

/** Removes a baseline rule from its group. */
export function removeBaselineRule(result: AuditResult, roleName: RoleName, id: string): AuditResult {
  const gone = JSON.stringify(baselineRuleAsRule(id));
  return withGroups(result, (groups) =>
    groups.map((group) =>
      group.groupId === GROUP_ID[roleName]
        ? { ...group, rules: group.rules.filter((rule) => JSON.stringify(rule) !== gone) }
        : group,
    ),
  );
}

/** An ingress rule from a CIDR. */
export function ingress(
  protocol: string,
  fromPort: number,
  toPort: number,
  value: string,
  description?: string,
): Rule {
  const peer: Peer = value.includes(':') ? { kind: 'cidr6', value } : { kind: 'cidr4', value };
  return {
    direction: 'ingress',
    protocol,
    fromPort,
    toPort,
    peer,
    ...(description === undefined ? {} : { description }),
  };
}

/** A finding on a role's group (or on `group` when given), with what a check would fill in. */
export function findingOn(
  roleName: RoleName | null,
  parts: {
    check: string;
    severity: Severity;
    message?: string;
    rule?: Rule | null;
    baselineRuleId?: string | null;
    compliance?: Compliance[];
    remediation?: string;
    group?: { groupId: string; groupName: string };
  },
): Finding {
  const groupId = parts.group?.groupId ?? (roleName === null ? null : GROUP_ID[roleName]);
  const groupName = parts.group?.groupName ?? (roleName === null ? null : groupNameOf(roleName));
  const rule = parts.rule ?? null;
  return {
    check: parts.check,
    severity: parts.severity,
    groupId,
    groupName,
    role: roleName,
    direction: rule?.direction ?? null,
    rule,
    baselineRuleId: parts.baselineRuleId ?? null,
    message: parts.message ?? `${parts.check} on ${groupName ?? roleName}`,
    compliance: parts.compliance ?? [],
    remediation: parts.remediation ?? `fix ${parts.check}`,
  };
}
