import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import { expectedRulesOf, resolvePeer, resolveRoles } from '../../src/baseline/resolver';
import type { EnvironmentBaseline } from '../../src/baseline/types';
import type { SecurityGroup } from '../../src/model/types';
import { ADMIN_CIDR, NOW, SAMPLE_FILE, SAMPLE_YAML, WORLD_V4 } from './sample';

const PINNED_VPC = 'vpc-0123456789abcdef0';
const OTHER_VPC = 'vpc-0fedcba9876543210';

function group(groupId: string, groupName: string, overrides: Partial<SecurityGroup> = {}): SecurityGroup {
  return { groupId, groupName, vpcId: PINNED_VPC, tags: {}, rules: [], ...overrides };
}

function baseline(environment: string): EnvironmentBaseline {
  return forEnvironment(parseBaseline(SAMPLE_YAML, SAMPLE_FILE, { now: NOW }), environment);
}

describe('baseline: resolveRoles', () => {
  const production = baseline('production');

  it('finds a role by group name and another by Name tag', () => {
    const web = group('sg-0000000000000000a', 'demo-web-sg');
    const cache = group('sg-0000000000000000b', 'terraform-20251220', { tags: { Name: 'demo-cache' } });
    const resolution = resolveRoles(production, { groups: [web, cache] });
    expect(resolution.groupOfRole.get('web')).toBe(web);
    expect(resolution.groupOfRole.get('cache')).toBe(cache);
    expect(resolution.roleOfGroup).toEqual(
      new Map([
        [web.groupId, 'web'],
        [cache.groupId, 'cache'],
      ]),
    );
    expect(resolution.vpcIds).toEqual(new Set([PINNED_VPC]));
  });

  it('does not match the Name tag for a group-name selector, nor the name for a tag selector', () => {
    const byTag = group('sg-0000000000000000a', 'other', { tags: { Name: 'demo-web-sg' } });
    const byName = group('sg-0000000000000000b', 'demo-cache');
    const resolution = resolveRoles(production, { groups: [byTag, byName] });
    expect(resolution.groupOfRole.size).toBe(0);
    expect(resolution.roleOfGroup.size).toBe(0);
  });

  it('leaves a role with no group out (missing-groups reports it)', () => {
    const web = group('sg-0000000000000000a', 'demo-web-sg');
    const resolution = resolveRoles(production, { groups: [web] });
    expect([...resolution.groupOfRole.keys()]).toEqual(['web']);
  });

  it('with a pin, takes candidates only inside the pinned VPCs: a lookalike elsewhere is irrelevant', () => {
    const elsewhere = group('sg-00000000000000001', 'demo-web-sg', { vpcId: OTHER_VPC });
    const pinned = group('sg-00000000000000009', 'demo-web-sg');
    const resolution = resolveRoles(production, { groups: [elsewhere, pinned] });
    expect(resolution.groupOfRole.get('web')).toBe(pinned);
    expect(resolution.ambiguous.size).toBe(0);
    expect(resolution.roleOfGroup.has(elsewhere.groupId)).toBe(false);
  });

  it('makes a role with two candidates in scope ambiguous: nobody is picked, not even the lowest id', () => {
    const real = group('sg-00000000000000009', 'demo-web-sg');
    const lookalike = group('sg-00000000000000001', 'demo-web-sg');
    const resolution = resolveRoles(production, { groups: [real, lookalike] });
    expect(resolution.groupOfRole.has('web')).toBe(false);
    expect(resolution.roleOfGroup.size).toBe(0);
    expect(resolution.ambiguous.get('web')).toEqual([lookalike, real]);
  });

  it('makes a Name-tag role ambiguous when a second group carries the tag', () => {
    const real = group('sg-0000000000000000b', 'terraform-1', { tags: { Name: 'demo-cache' } });
    const lookalike = group('sg-00000000000000002', 'anything', { tags: { Name: 'demo-cache' } });
    const resolution = resolveRoles(production, { groups: [real, lookalike] });
    expect(resolution.groupOfRole.has('cache')).toBe(false);
    expect(resolution.ambiguous.get('cache')?.map((g) => g.groupId)).toEqual([
      lookalike.groupId,
      real.groupId,
    ]);
  });

  it('without a pin, a same-named group in another VPC makes the role ambiguous; scope covers both', () => {
    const staging = baseline('staging');
    const real = group('sg-00000000000000009', 'demo-staging-web-sg', { vpcId: OTHER_VPC });
    const lookalike = group('sg-00000000000000002', 'demo-staging-web-sg', { vpcId: PINNED_VPC });
    const cache = group('sg-00000000000000003', 'demo-staging-cache-sg', { vpcId: OTHER_VPC });
    const resolution = resolveRoles(staging, { groups: [real, lookalike, cache] });
    expect(resolution.groupOfRole.has('web')).toBe(false);
    expect(resolution.ambiguous.get('web')).toEqual([lookalike, real]);
    expect(resolution.vpcIds).toEqual(new Set([OTHER_VPC, PINNED_VPC]));
  });

  it('without a pin, scopes to the VPCs the role groups resolve in', () => {
    const staging = baseline('staging');
    const web = group('sg-00000000000000002', 'demo-staging-web-sg', { vpcId: OTHER_VPC });
    const unrelated = group('sg-00000000000000004', 'other', { vpcId: PINNED_VPC });
    const resolution = resolveRoles(staging, { groups: [web, unrelated] });
    expect(resolution.groupOfRole.get('web')).toBe(web);
    expect(resolution.vpcIds).toEqual(new Set([OTHER_VPC]));
  });

  it('makes both roles ambiguous when one group answers to two roles', () => {
    const both = group('sg-0000000000000000a', 'demo-web-sg', { tags: { Name: 'demo-cache' } });
    const resolution = resolveRoles(production, { groups: [both] });
    expect(resolution.groupOfRole.size).toBe(0);
    expect([...resolution.ambiguous.keys()]).toEqual(['web', 'cache']);
  });

  it('names the groups a pinned role matches only outside the pinned VPCs', () => {
    const elsewhere = group('sg-00000000000000001', 'demo-web-sg', { vpcId: OTHER_VPC });
    const resolution = resolveRoles(production, { groups: [elsewhere] });
    expect(resolution.groupOfRole.has('web')).toBe(false);
    expect(resolution.outsideScope.get('web')).toEqual([elsewhere]);
    expect(resolution.emptyPins).toEqual([PINNED_VPC]);
  });

  it('lists pinned VPCs that hold no group at all', () => {
    const web = group('sg-00000000000000001', 'demo-web-sg');
    expect(resolveRoles(production, { groups: [web] }).emptyPins).toEqual([]);
    expect(resolveRoles(production, { groups: [] }).emptyPins).toEqual([PINNED_VPC]);
  });

  it('reports a role whose group is not the one last seen, and keeps resolving it', () => {
    const recreated = group('sg-0000000000000000c', 'demo-web-sg');
    const previous = new Map([['web', 'sg-0000000000000000a']]);
    const resolution = resolveRoles(production, { groups: [recreated] }, { previous });
    expect(resolution.groupOfRole.get('web')).toBe(recreated);
    expect(resolution.switched).toEqual(new Map([['web', 'sg-0000000000000000a']]));
    const same = resolveRoles(
      production,
      { groups: [recreated] },
      { previous: new Map([['web', recreated.groupId]]) },
    );
    expect(same.switched.size).toBe(0);
  });
});

describe('baseline: resolvePeer and expectedRulesOf', () => {
  const production = baseline('production');
  const web = group('sg-0000000000000000a', 'demo-web-sg');
  const cache = group('sg-0000000000000000b', 'demo-cache-sg', { tags: { Name: 'demo-cache' } });

  it('turns a role into its group and keeps concrete peers', () => {
    const resolution = resolveRoles(production, { groups: [web, cache] });
    expect(resolvePeer({ kind: 'role', value: 'cache' }, resolution)).toEqual({
      kind: 'group',
      value: cache.groupId,
    });
    expect(resolvePeer({ kind: 'cidr4', value: WORLD_V4 }, resolution)).toEqual({
      kind: 'cidr4',
      value: WORLD_V4,
    });
    expect(resolvePeer({ kind: 'role', value: 'nowhere' }, resolution)).toBeUndefined();
  });

  it('gives each baseline rule as the canonical rule to expect, self included', () => {
    const resolution = resolveRoles(production, { groups: [web, cache] });
    const cacheRole = production.roles[1];
    if (!cacheRole) throw new Error('test setup: no cache role');
    expect(
      expectedRulesOf(cacheRole, resolution).map(({ baselineRule, rule }) => [baselineRule.id, rule]),
    ).toEqual([
      [
        'cache_from_web',
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 6379,
          toPort: 6379,
          peer: { kind: 'group', value: web.groupId },
          description: 'Redis from web (cache_from_web)',
        },
      ],
      [
        'cache_internal',
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 16379,
          toPort: 16379,
          peer: { kind: 'group', value: cache.groupId },
          description: 'Cluster gossip (cache_internal)',
        },
      ],
      [
        'cache_outbound_none',
        {
          direction: 'egress',
          protocol: 'all',
          fromPort: -1,
          toPort: -1,
          peer: { kind: 'cidr4', value: '127.0.0.1/32' },
          description: 'No outbound (cache_outbound_none)',
        },
      ],
    ]);
  });

  it('has no rule to expect when the peer role is unresolved', () => {
    const resolution = resolveRoles(production, { groups: [web] });
    const webRole = production.roles[0];
    if (!webRole) throw new Error('test setup: no web role');
    const expected = expectedRulesOf(webRole, resolution);
    expect(expected.map(({ baselineRule, rule }) => [baselineRule.id, rule?.peer])).toEqual([
      ['web_https', { kind: 'cidr4', value: WORLD_V4 }],
      ['web_ssh', { kind: 'cidr4', value: ADMIN_CIDR }],
      ['web_to_cache', undefined],
    ]);
  });
});
