import { auditEstate } from '../../src/app/run-audit';
import { DEFAULT_BASELINE_FILE } from '../../src/baseline/files';
import { loadEnvironmentBaseline } from '../../src/baseline/loader';
import { expectedRulesOf, resolveRoles } from '../../src/baseline/resolver';
import type { BaselineException, EnvironmentBaseline } from '../../src/baseline/types';
import type { Actor, ChangeEvent, RuleChange } from '../../src/events/types';
import type { Estate, Rule, SecurityGroup } from '../../src/model/types';
import { checksById } from '../../src/rules/registry';
import type { Finding } from '../../src/rules/types';

export const WORLD_V4 = '0.0.0.0/0';
export const WORLD_V6 = '::/0';
export const OFFICE_CIDR = '203.0.113.0/32';
export const VPC_CIDR = '10.0.0.0/16';
export const VPC_ID = 'vpc-0123456789abcdef0';
export const NOW = new Date('2026-11-27T12:00:00Z');

/** The bundled baseline's production environment. */
export function productionBaseline(): EnvironmentBaseline {
  return loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production', { now: NOW });
}

/** An estate that is exactly the baseline: one group per role (`sg-<role>`), every rule described. */
export function compliantEstate(baseline: EnvironmentBaseline = productionBaseline()): Estate {
  const groups: SecurityGroup[] = baseline.roles.map((role) => ({
    groupId: `sg-${role.role}`,
    groupName: role.selector.groupName ?? `${role.role}-sg`,
    vpcId: VPC_ID,
    tags: {
      Name: role.selector.nameTag ?? role.selector.groupName ?? role.role,
      Environment: baseline.environment,
      ManagedBy: 'terraform',
    },
    rules: [],
  }));
  const resolution = resolveRoles(baseline, { groups });
  for (const role of baseline.roles) {
    const group = groups.find((candidate) => candidate.groupId === `sg-${role.role}`) as SecurityGroup;
    group.rules = expectedRulesOf(role, resolution).flatMap(({ rule, baselineRule }) =>
      rule ? [{ ...rule, description: baselineRule.description }] : [],
    );
  }
  const defaultGroup: SecurityGroup = {
    groupId: 'sg-default',
    groupName: 'default',
    vpcId: VPC_ID,
    tags: {},
    rules: [],
  };
  return {
    groups: [...groups, defaultGroup],
    attachedGroupIds: new Set(groups.map((group) => group.groupId)),
  };
}

/** A copy of the estate with `change` applied to the group of `role` (groups are copied, not shared). */
export function changeGroup(estate: Estate, groupId: string, change: (group: SecurityGroup) => void): Estate {
  const groups = estate.groups.map((group) => ({
    ...group,
    tags: { ...group.tags },
    rules: [...group.rules],
  }));
  const target = groups.find((group) => group.groupId === groupId);
  if (!target) throw new Error(`no group ${groupId}`);
  change(target);
  return { ...estate, groups };
}

export function addRule(estate: Estate, groupId: string, rule: Rule): Estate {
  return changeGroup(estate, groupId, (group) => group.rules.push(rule));
}

export function ingress(
  protocol: string,
  fromPort: number,
  toPort: number,
  cidr: string,
  description = 'test',
): Rule {
  return {
    direction: 'ingress',
    protocol,
    fromPort,
    toPort,
    peer: { kind: cidr.includes(':') ? 'cidr6' : 'cidr4', value: cidr },
    description,
  };
}

export function egress(
  protocol: string,
  fromPort: number,
  toPort: number,
  cidr: string,
  description = 'test',
): Rule {
  return { ...ingress(protocol, fromPort, toPort, cidr, description), direction: 'egress' };
}

/** Findings of one check on an estate. */
export function findingsOf(
  checkId: string,
  estate: Estate,
  baseline: EnvironmentBaseline = productionBaseline(),
  now: Date = NOW,
): Finding[] {
  return auditEstate(baseline, estate, { checks: checksById([checkId]).checks, now }).findings;
}

/** A contractor's address, allowed on the database for a migration by a temporary exception. */
export const CONTRACTOR_IP = '198.51.100.7/32';

/** The emergency-procedure exception for 5432/tcp from CONTRACTOR_IP on the database, until `expires`. */
export function contractorException(expires: Date): BaselineException {
  return {
    role: 'database',
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: 5432,
    toPort: 5432,
    peer: { kind: 'cidr4', value: CONTRACTOR_IP },
    reason: 'vendor data migration',
    owner: 'dba@example.com',
    ticket: 'INC-4711',
    expires,
  };
}

/** The production baseline with the contractor exception. */
export function baselineWithContractorException(expires: Date): EnvironmentBaseline {
  return { ...productionBaseline(), exceptions: [contractorException(expires)] };
}

/** A person's IAM user, as CloudTrail names the caller of the console or CLI. */
export const ALICE: Actor = {
  type: 'IAMUser',
  arn: 'arn:aws:iam::123456789012:user/alice',
  principalArn: 'arn:aws:iam::123456789012:user/alice',
  accountId: '123456789012',
  userName: 'alice',
  sessionName: null,
  invokedBy: null,
  sourceIp: '198.51.100.23',
  userAgent: 'aws-cli/2',
  viaConsole: false,
};

/** A change event on `groupId` (one region and account, by ALICE at NOW). */
export function changeEventOn(
  groupId: string,
  changes: RuleChange[] = [],
  eventName = 'AuthorizeSecurityGroupIngress',
): ChangeEvent {
  return {
    eventId: 'evt-1',
    eventName,
    eventTime: NOW.toISOString(),
    region: 'eu-west-1',
    account: '123456789012',
    actor: ALICE,
    groupIds: [groupId],
    groupNames: [],
    changes,
  };
}
