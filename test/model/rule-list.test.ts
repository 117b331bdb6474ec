/** RuleList keeps one rule per ruleKey in first-seen order, without building a key string a rule. */
import fc from 'fast-check';
import { ruleKey } from '../../src/model/rule-key';
import { RuleList } from '../../src/model/rule-list';
import type { Rule } from '../../src/model/types';

const rule: fc.Arbitrary<Rule> = fc
  .record({
    direction: fc.constantFrom('ingress', 'egress'),
    protocol: fc.constantFrom('tcp', 'udp', 'all'),
    fromPort: fc.constantFrom(22, 443, -1),
    toPort: fc.constantFrom(22, 443, -1),
    kind: fc.constantFrom('cidr4', 'cidr6', 'prefix-list', 'group'),
    value: fc.constantFrom('10.0.0.0/8', '::/0', 'pl-1', 'sg-1'),
    description: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  })
  .map(({ kind, value, description, ...rest }) => {
    const built = { ...rest, peer: { kind, value } } as Rule;
    if (description !== undefined) built.description = description;
    return built;
  });

describe('model: RuleList', () => {
  it('lists one rule per ruleKey, in first-seen order, a later spelling lending a missing description', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 40 }), (rules) => {
        const byKey = new Map<string, Rule>();
        const list = new RuleList();
        for (const each of rules) {
          // The reference: a Map keyed by ruleKey (what normalizeGroup did before RuleList).
          const copy = { ...each, peer: { ...each.peer } };
          const listed = byKey.get(ruleKey(copy));
          if (!listed) byKey.set(ruleKey(copy), copy);
          else if (listed.description === undefined && copy.description !== undefined)
            listed.description = copy.description;
          list.add({ ...each, peer: { ...each.peer } });
        }
        expect(list.rules).toEqual([...byKey.values()]);
        expect(list.rules.map(ruleKey)).toEqual([...byKey.keys()]);
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart rules on one peer value that differ in protocol, ports, direction or kind', () => {
    const list = new RuleList();
    const base: Rule = {
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      peer: { kind: 'cidr4', value: 'x' },
    };
    list.add(base);
    list.add({ ...base, protocol: 'udp' });
    list.add({ ...base, fromPort: 21 });
    list.add({ ...base, toPort: 23 });
    list.add({ ...base, direction: 'egress' });
    list.add({ ...base, peer: { kind: 'group', value: 'x' } });
    list.add({ ...base, description: 'second spelling' });
    expect(list.rules).toHaveLength(6);
    expect(list.rules[0]?.description).toBe('second spelling');
  });
});
