import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../../src/baseline/loader';
import { expectedRulesOf, resolveRoles } from '../../src/baseline/resolver';
import { exposureByGroup } from '../../src/model/exposure';
import { ruleKey } from '../../src/model/rule-key';
import type { SecurityGroup } from '../../src/model/types';
import {
  COMPLIANT_FILE,
  DRIFTED_FILE,
  groupNamesByRole,
  keysOf,
  readEstate,
  readJson,
  SEED_ROLES,
} from './helpers';
import { NOW, WORLD_V4 } from './sample';

const WORLD_V6 = '::/0';
const PRODUCTION_VPC = 'vpc-0123456789abcdef0';
const REQUIRED_TAGS = { Environment: 'production', ManagedBy: 'terraform' };

const production = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'production', { now: NOW });

function byName(groups: SecurityGroup[], name: string): SecurityGroup {
  const found = groups.find((group) => group.groupName === name);
  if (!found) throw new Error(`example has no group ${name}`);
  return found;
}

describe('examples: production-compliant.json', () => {
  const estate = readEstate(COMPLIANT_FILE);
  const resolution = resolveRoles(production, estate);

  it('is describe-security-groups JSON with network interfaces and route tables', () => {
    const json = readJson(COMPLIANT_FILE);
    expect(Object.keys(json)).toEqual(['SecurityGroups', 'NetworkInterfaces', 'RouteTables']);
    expect(estate.groups).toHaveLength(7);
  });

  it('resolves all six roles in the production VPC', () => {
    expect(Object.keys(groupNamesByRole(resolution))).toEqual(SEED_ROLES);
    expect(resolution.vpcIds).toEqual(new Set([PRODUCTION_VPC]));
    expect(estate.groups.every((group) => group.vpcId === PRODUCTION_VPC)).toBe(true);
  });

  it('has exactly the baseline rules on every role group, each described', () => {
    for (const role of production.roles) {
      const group = resolution.groupOfRole.get(role.role);
      const expected = expectedRulesOf(role, resolution).map(({ rule }) => rule);
      expect([role.role, keysOf(group?.rules ?? [])]).toEqual([role.role, keysOf(expected)]);
      const descriptions = new Map(expected.map((rule) => [rule && ruleKey(rule), rule?.description]));
      for (const rule of group?.rules ?? []) expect(rule.description).toBe(descriptions.get(ruleKey(rule)));
    }
  });

  it('tags every group and keeps the default group empty', () => {
    for (const group of estate.groups)
      expect(group.tags).toMatchObject({ Name: expect.any(String), ...REQUIRED_TAGS });
    expect(byName(estate.groups, 'default').rules).toEqual([]);
  });

  it('attaches all six role groups to network interfaces', () => {
    for (const group of resolution.groupOfRole.values())
      expect(estate.attachedGroupIds?.has(group.groupId)).toBe(true);
  });

  it("puts only the ALB and the bastion where the internet reaches them (the seed's diagram)", () => {
    const exposure = exposureByGroup(estate.interfaces ?? [], estate.routes);
    const reachable = [...resolution.groupOfRole]
      .filter(([, group]) => (exposure.get(group.groupId)?.reachable.length ?? 0) > 0)
      .map(([role]) => role);
    expect(reachable).toEqual(['bastion', 'frontend']);
    expect(exposure.get(resolution.groupOfRole.get('frontend')?.groupId ?? '')?.basis).toBe(
      'public-address-and-igw-route',
    );
  });
});

describe('examples: production-drifted.json', () => {
  const estate = readEstate(DRIFTED_FILE);
  const resolution = resolveRoles(production, estate);
  const roleGroup = (role: string) => {
    const group = resolution.groupOfRole.get(role);
    if (!group) throw new Error(`no ${role} group`);
    return group;
  };

  it('still resolves all six roles', () => {
    expect(Object.keys(groupNamesByRole(resolution))).toEqual(SEED_ROLES);
  });

  it('opens the database 5432 to the world', () => {
    expect(roleGroup('database').rules).toContainEqual(
      expect.objectContaining({
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 5432,
        peer: { kind: 'cidr4', value: WORLD_V4 },
      }),
    );
  });

  it('opens backend SSH to 0.0.0.0/0 and ::/0', () => {
    const ssh = roleGroup('backend').rules.filter(
      (rule) => rule.direction === 'ingress' && rule.fromPort === 22,
    );
    expect(ssh.map((rule) => rule.peer)).toEqual(
      expect.arrayContaining([
        { kind: 'cidr4', value: WORLD_V4 },
        { kind: 'cidr6', value: WORLD_V6 },
      ]),
    );
  });

  it('misses redis_from_bastion and nothing else of the baseline', () => {
    const missing = production.roles.flatMap((role) => {
      const present = new Set(roleGroup(role.role).rules.map(ruleKey));
      return expectedRulesOf(role, resolution)
        .filter(({ rule }) => rule && !present.has(ruleKey(rule)))
        .map(({ baselineRule }) => baselineRule.id);
    });
    expect(missing).toEqual(['redis_from_bastion']);
  });

  it('misses the ManagedBy tag on redis only', () => {
    const untagged = estate.groups
      .filter((group) => group.tags.ManagedBy === undefined)
      .map((g) => g.groupName);
    expect(untagged).toEqual(['thebot-redis-sg']);
  });

  it('has one undocumented rule, on the frontend', () => {
    const undocumented = estate.groups.flatMap((group) =>
      group.rules
        .filter((rule) => !rule.description)
        .map((rule) => [group.groupName, rule.direction, rule.peer.kind]),
    );
    expect(undocumented).toEqual([['thebot-frontend-sg', 'egress', 'prefix-list']]);
  });

  it('has one group in the VPC that maps to no role, besides default', () => {
    const unmapped = estate.groups.filter((group) => !resolution.roleOfGroup.has(group.groupId));
    expect(unmapped.map((group) => group.groupName).sort()).toEqual(['default', 'thebot-legacy-worker-sg']);
    expect(unmapped.every((group) => group.vpcId === PRODUCTION_VPC)).toBe(true);
  });
});
