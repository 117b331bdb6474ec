import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  normalizeGroup,
  normalizeGroupRules,
  type RawIpPermission,
  type RawSecurityGroup,
  type RawSecurityGroupRule,
} from '../../src/model/normalize';
import { ruleKey } from '../../src/model/rule-key';
import type { Rule } from '../../src/model/types';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
}

const GROUPS = fixture<{ SecurityGroups: RawSecurityGroup[] }>('estate-groups.json').SecurityGroups;
const ROWS = fixture<{ SecurityGroupRules: RawSecurityGroupRule[] }>('estate-rules.json').SecurityGroupRules;

/** What drift compares: each rule's key and its description, in a stable order. */
function identity(rules: readonly Rule[]): [string, string | undefined][] {
  return rules.map((rule): [string, string | undefined] => [ruleKey(rule), rule.description]).sort();
}

function keys(rules: readonly Rule[]): string[] {
  return rules.map(ruleKey).sort();
}

describe('normalize: both AWS shapes of the same estate', () => {
  const fromRows = normalizeGroupRules(ROWS);

  it('the fixture exercises every peer kind and several protocols', () => {
    const rules = GROUPS.flatMap((g) => normalizeGroup(g).rules);
    expect(new Set(rules.map((r) => r.peer.kind))).toEqual(
      new Set(['cidr4', 'cidr6', 'prefix-list', 'group']),
    );
    expect(new Set(rules.map((r) => r.protocol))).toEqual(new Set(['tcp', 'udp', 'icmp', 'all', '50']));
    expect(rules).toHaveLength(ROWS.length);
  });

  it.each(GROUPS.map((g) => [g.GroupName, g] as const))(
    '%s has the same rules and descriptions',
    (_name, raw) => {
      const fromGroups = normalizeGroup(raw);
      expect(identity(fromRows.get(fromGroups.groupId) ?? [])).toEqual(identity(fromGroups.rules));
    },
  );

  it('only the rules shape carries sgr ids', () => {
    const all = [...fromRows.values()].flat();
    expect(all.every((rule) => rule.ruleId?.startsWith('sgr-'))).toBe(true);
    expect(GROUPS.flatMap((g) => normalizeGroup(g).rules).some((rule) => rule.ruleId !== undefined)).toBe(
      false,
    );
  });
});

// Reorderings AWS is free to make: permissions in any order, peers in any order within each list,
// and peers grouped into permissions differently.
function shuffled<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

function shuffledPermission(permission: RawIpPermission): fc.Arbitrary<RawIpPermission> {
  return fc
    .record({
      IpRanges: shuffled(permission.IpRanges ?? []),
      Ipv6Ranges: shuffled(permission.Ipv6Ranges ?? []),
      PrefixListIds: shuffled(permission.PrefixListIds ?? []),
      UserIdGroupPairs: shuffled(permission.UserIdGroupPairs ?? []),
    })
    .map((lists) => ({ ...permission, ...lists }));
}

function shuffledPermissions(permissions: readonly RawIpPermission[] = []): fc.Arbitrary<RawIpPermission[]> {
  return fc.tuple(...permissions.map(shuffledPermission)).chain((list) => shuffled(list));
}

function shuffledGroup(raw: RawSecurityGroup): fc.Arbitrary<RawSecurityGroup> {
  return fc
    .record({
      IpPermissions: shuffledPermissions(raw.IpPermissions),
      IpPermissionsEgress: shuffledPermissions(raw.IpPermissionsEgress),
    })
    .map((permissions) => ({ ...raw, ...permissions }));
}

/** Each peer in a permission of its own, as the console or CloudTrail might report them. */
function onePeerPerPermission(permissions: readonly RawIpPermission[] = []): RawIpPermission[] {
  return permissions.flatMap((p) => {
    const base = { IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, IpRanges: [r] })),
      ...(p.Ipv6Ranges ?? []).map((r) => ({ ...base, Ipv6Ranges: [r] })),
      ...(p.PrefixListIds ?? []).map((r) => ({ ...base, PrefixListIds: [r] })),
      ...(p.UserIdGroupPairs ?? []).map((r) => ({ ...base, UserIdGroupPairs: [r] })),
    ];
  });
}

describe('normalize: order and grouping do not matter', () => {
  it('shuffling IpPermissions and their ranges yields the same set of rule keys', () => {
    const estate = fc.tuple(...GROUPS.map(shuffledGroup));
    fc.assert(
      fc.property(estate, (groups) => {
        groups.forEach((raw, i) => {
          const original = normalizeGroup(GROUPS[i] as RawSecurityGroup);
          const reordered = normalizeGroup(raw);
          expect(keys(reordered.rules)).toEqual(keys(original.rules));
          expect(identity(reordered.rules)).toEqual(identity(original.rules));
        });
      }),
    );
  });

  it('shuffling describe-security-group-rules rows yields the same rules per group', () => {
    const expected = normalizeGroupRules(ROWS);
    expect(expected.size).toBeGreaterThan(0);
    fc.assert(
      fc.property(shuffled(ROWS), (rows) => {
        const actual = normalizeGroupRules(rows);
        for (const [groupId, rules] of expected)
          expect(identity(actual.get(groupId) ?? [])).toEqual(identity(rules));
      }),
    );
  });

  it('one peer per permission, or duplicated permissions, yield the same rules', () => {
    for (const raw of GROUPS) {
      const original = identity(normalizeGroup(raw).rules);
      const split = normalizeGroup({
        ...raw,
        IpPermissions: onePeerPerPermission(raw.IpPermissions),
        IpPermissionsEgress: onePeerPerPermission(raw.IpPermissionsEgress),
      });
      expect(identity(split.rules)).toEqual(original);
      const doubled = normalizeGroup({
        ...raw,
        IpPermissions: [...(raw.IpPermissions ?? []), ...(raw.IpPermissions ?? [])],
      });
      expect(identity(doubled.rules)).toEqual(original);
    }
  });
});
