import { resolveRoles } from '../baseline/resolver';
import type { EnvironmentBaseline } from '../baseline/types';
import { attachedGroupIdsOf } from '../model/interfaces';
import type { Estate } from '../model/types';
import type { AuditResult, AuditSummary } from '../report/audit-result';
import { evaluate } from '../rules/engine';
import { CHECKS, CHECKS_ON_RULES_ALONE } from '../rules/registry';
import { scopeOf } from '../rules/scope';
import type { Check, EvaluationContext, Finding } from '../rules/types';
import type { SecurityGroupReader } from './ports';

export interface AuditOptions {
  checks?: readonly Check[];
  /** Report only these groups (by name); the whole estate is still evaluated so peers resolve. */
  groupNames?: readonly string[];
  now?: Date;
  /** role → group id when last evaluated (the change path): a role now on another group is reported. */
  previousRoleGroups?: ReadonlyMap<string, string>;
}

/** Evaluates an estate against an environment's baseline: the seed's audit script, pure. */
export function auditEstate(
  baseline: EnvironmentBaseline,
  estate: Estate,
  options: AuditOptions = {},
): AuditResult {
  const started = performance.now();
  const now = options.now ?? new Date();
  if (estate.rulesOnly) return auditRulesAlone(baseline, estate, options);
  const resolution = resolveRoles(baseline, estate, { previous: options.previousRoleGroups });
  const context: EvaluationContext = { baseline, estate, resolution, now };
  const evaluation = evaluate(context, options.checks ?? CHECKS);
  const onlyGroups = options.groupNames ? new Set(options.groupNames) : undefined;
  // A missing group has no name of its own: it is kept when the name is its role's selector.
  const selectorName = new Map(
    baseline.roles.map((role) => [role.role, role.selector.groupName ?? role.selector.nameTag]),
  );
  const keep = (finding: Finding) =>
    !onlyGroups || onlyGroups.has(finding.groupName ?? selectorName.get(finding.role ?? '') ?? '');
  const findings = evaluation.findings.filter(keep);
  const suppressed = evaluation.suppressed.filter((entry) => keep(entry.finding));
  const groups = scopeOf(context).groups.filter((group) => !onlyGroups || onlyGroups.has(group.groupName));
  return {
    environment: baseline.environment,
    compliant: findings.length === 0,
    summary: summarize(groups, findings),
    findings,
    suppressed,
    generatedAt: now.toISOString(),
    durationMs: performance.now() - started,
    baseline,
    estate: onlyGroups ? { ...estate, groups } : estate,
    resolution,
  };
}

/** What a describe-security-groups snapshot adds to a rules listing on its own, said once. */
export const RULES_ALONE_NOTE =
  'a describe-security-group-rules listing names no group, tag or VPC: only permissive-rules and undocumented-rules were judged; add `aws ec2 describe-security-groups` output (SecurityGroups) to check roles, baseline drift, tags, unknown and default groups';

/**
 * A rules listing on its own: roles cannot be resolved (no names or tags) and there is no VPC to
 * scope to, so only the checks that judge a rule by itself run, over every group.
 */
function auditRulesAlone(baseline: EnvironmentBaseline, estate: Estate, options: AuditOptions): AuditResult {
  const alone = (options.checks ?? CHECKS).filter((check) => CHECKS_ON_RULES_ALONE.includes(check.id));
  return auditEstate(
    { ...baseline, vpcIds: [] },
    { ...estate, rulesOnly: false },
    { ...options, checks: alone },
  );
}

/** Reads every group, network interface and route table of the region, then audits. */
export async function auditLive(
  baseline: EnvironmentBaseline,
  reader: SecurityGroupReader,
  options: AuditOptions = {},
): Promise<AuditResult> {
  const started = performance.now();
  const result = auditEstate(baseline, await readEstate(reader), options);
  return { ...result, durationMs: performance.now() - started };
}

/** The full read: groups, what each is attached to, and which subnets the internet reaches. */
export async function readEstate(reader: SecurityGroupReader): Promise<Estate> {
  const [groups, interfaces, routes] = await Promise.all([
    reader.listGroups(),
    reader.listNetworkInterfaces(),
    reader.listRouteTables(),
  ]);
  const estate: Estate = { groups, interfaces, attachedGroupIds: attachedGroupIdsOf(interfaces) };
  if (routes) estate.routes = routes;
  return estate;
}

function summarize(
  groups: readonly { rules: readonly unknown[] }[],
  findings: readonly Finding[],
): AuditSummary {
  const counts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const finding of findings) if (finding.severity !== 'INFO') counts[finding.severity] += 1;
  let rules = 0;
  for (const group of groups) rules += group.rules.length;
  return { groups: groups.length, rules, findings: counts };
}
