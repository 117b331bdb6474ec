import type { RoleBaseline } from '../baseline/types';
import type { Rule, SecurityGroup } from '../model/types';
import type { Check, Compliance, Finding, Severity } from './types';

interface FindingParts {
  message: string;
  severity?: Severity;
  group?: SecurityGroup;
  role?: RoleBaseline;
  rule?: Rule;
  baselineRuleId?: string;
  remediation?: string;
  tag?: string;
}

/**
 * Builds a finding of `check`. Compliance tags are the check's, narrowed to the role's compliance
 * scope when the finding is about a role's group (a frontend finding is not a HIPAA finding).
 */
export function finding(check: Check, parts: FindingParts): Finding {
  const built: Finding = {
    check: check.id,
    severity: parts.severity ?? check.severity,
    groupId: parts.group?.groupId ?? null,
    groupName: parts.group?.groupName ?? null,
    role: parts.role?.role ?? null,
    direction: parts.rule?.direction ?? null,
    rule: parts.rule ?? null,
    baselineRuleId: parts.baselineRuleId ?? null,
    message: parts.message,
    compliance: scopedCompliance(check.compliance, parts.role),
    remediation: parts.remediation ?? check.remediation,
    // Set by the engine from the group's interfaces; present from the start so every finding has one shape.
    exposure: null,
  };
  if (parts.tag !== undefined) built.tag = parts.tag;
  return built;
}

function scopedCompliance(tags: readonly Compliance[], role: RoleBaseline | undefined): Compliance[] {
  return role ? tags.filter((tag) => role.compliance.includes(tag)) : [...tags];
}

/** A group as findings name it: `thebot-bastion-sg (sg-…) in vpc-…`. */
export function groupLabel(group: SecurityGroup): string {
  return `${group.groupName} (${group.groupId}) in ${group.vpcId ?? 'no VPC'}`;
}

/** How a role's group is looked up, as findings say it: its group name or `Name tag …`. */
export function selectorLabel(role: RoleBaseline): string {
  return role.selector.groupName ?? `Name tag ${role.selector.nameTag}`;
}
