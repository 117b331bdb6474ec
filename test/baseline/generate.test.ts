import { generateBaseline } from '../../src/baseline/generate';
import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import { expectedRulesOf, resolveRoles } from '../../src/baseline/resolver';
import type { Estate, SecurityGroup } from '../../src/model/types';
import { COMPLIANT_FILE, DRIFTED_FILE, groupNamesByRole, keysOf, readEstate, SEED_ROLES } from './helpers';
import { NOW, WORLD_V4 } from './sample';

const GENERATED_FILE = 'generated.yml';
const PRODUCTION_VPC = 'vpc-0123456789abcdef0';
const OTHER_VPC = 'vpc-0fedcba9876543210';

/** Generates, parses and resolves against the same estate: the round trip `baseline init` promises. */
function roundTrip(estate: Estate, options: { vpcId?: string } = {}) {
  const text = generateBaseline(estate, { environment: 'production', now: NOW, ...options }).yaml;
  const doc = parseBaseline(text, GENERATED_FILE, { now: NOW });
  const baseline = forEnvironment(doc, 'production');
  return { text, doc, baseline, resolution: resolveRoles(baseline, estate) };
}

describe('baseline: generateBaseline', () => {
  it('turns the compliant example into a baseline that maps every group back and declares its rules', () => {
    const estate = readEstate(COMPLIANT_FILE);
    const { doc, baseline, resolution } = roundTrip(estate);
    expect(doc.name).toBe('thebot');
    expect(Object.keys(groupNamesByRole(resolution)).sort()).toEqual([...SEED_ROLES].sort());
    const nonDefault = estate.groups.filter((group) => group.groupName !== 'default');
    for (const group of nonDefault) expect(resolution.roleOfGroup.has(group.groupId)).toBe(true);
    for (const role of baseline.roles) {
      const group = resolution.groupOfRole.get(role.role);
      const expected = expectedRulesOf(role, resolution).map(({ rule }) => rule);
      expect([role.role, keysOf(expected)]).toEqual([role.role, keysOf(group?.rules ?? [])]);
    }
    expect(baseline.vpcIds).toEqual([PRODUCTION_VPC]);
  });

  it('names rules after their peers and stubs purpose and justification honestly', () => {
    const { doc, baseline } = roundTrip(readEstate(COMPLIANT_FILE));
    const ids = baseline.roles.flatMap((role) => role.rules.map((rule) => rule.id));
    expect(ids).toEqual(
      expect.arrayContaining([
        'backend_from_frontend',
        'backend_to_database',
        'redis_internal',
        'bastion_in_22',
        'bastion_out_all',
      ]),
    );
    const ssh = doc.roles.bastion?.ingress[0];
    expect(ssh).toMatchObject({
      purpose: 'SSH from allowed admin CIDR (bastion_ssh)',
      justification: 'Observed on 2026-11-27; justify before adopting',
      description: 'SSH from allowed admin CIDR (bastion_ssh)',
    });
    expect(doc.roles.database).toMatchObject({ noOutbound: true, autoRevert: false });
    expect(doc.roles.bastion?.noOutbound).toBe(false);
  });

  it('keeps IPv6, prefix lists, undescribed rules and an unknown group of the drifted example', () => {
    const estate = readEstate(DRIFTED_FILE);
    const { text, baseline, resolution } = roundTrip(estate);
    expect(resolution.groupOfRole.get('legacy-worker')?.groupName).toBe('thebot-legacy-worker-sg');
    const rules = baseline.roles.flatMap((role) => role.rules);
    expect(rules).toContainEqual(expect.objectContaining({ peer: { kind: 'cidr6', value: '::/0' } }));
    expect(rules).toContainEqual(
      expect.objectContaining({
        peer: { kind: 'prefix-list', value: 'pl-6da54004' },
        description: 'Observed rule (frontend_out_443)',
      }),
    );
    expect(text).not.toContain('TODO');
  });

  it('skips the default group and groups of other VPCs when given a VPC', () => {
    const estate = readEstate(COMPLIANT_FILE);
    const stray: SecurityGroup = {
      groupId: 'sg-0ffffffffffffffff',
      groupName: 'elsewhere-sg',
      vpcId: OTHER_VPC,
      tags: {},
      rules: [],
    };
    const { doc } = roundTrip({ groups: [...estate.groups, stray] }, { vpcId: PRODUCTION_VPC });
    expect(Object.keys(doc.roles)).not.toContain('default');
    expect(Object.keys(doc.roles)).not.toContain('elsewhere');
    expect(doc.environments.production?.vpcIds).toEqual([PRODUCTION_VPC]);
  });

  it('declares a rule whose peer group is outside the baseline by the group id', () => {
    const api: SecurityGroup = {
      groupId: 'sg-0aaaaaaaaaaaaaaaa',
      groupName: 'shop-api-sg',
      vpcId: PRODUCTION_VPC,
      tags: {},
      rules: [
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          peer: { kind: 'cidr4', value: WORLD_V4 },
        },
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 8080,
          toPort: 8080,
          peer: { kind: 'group', value: 'sg-0bbbbbbbbbbbbbbbb' },
        },
        {
          direction: 'ingress',
          protocol: 'icmp',
          fromPort: 8,
          toPort: -1,
          peer: { kind: 'cidr4', value: '10.0.0.0/16' },
        },
        {
          direction: 'egress',
          protocol: 'udp',
          fromPort: 1024,
          toPort: 65535,
          peer: { kind: 'cidr4', value: WORLD_V4 },
        },
      ],
    };
    const { text, baseline, resolution } = roundTrip({ groups: [api] });
    expect(text).toContain('peer: { group: sg-0bbbbbbbbbbbbbbbb }');
    expect(text).not.toMatch(/peer: \{ ?role: sg-/);
    const [role] = baseline.roles;
    if (!role) throw new Error('no role generated');
    expect(role.role).toBe('shop-api');
    const expected = expectedRulesOf(role, resolution).map(({ rule }) => rule);
    expect(keysOf(expected)).toEqual(keysOf(api.rules));
  });
});
