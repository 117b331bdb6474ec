import type { Rule } from './types';

/**
 * A group's rules in the order first seen, each once: a rule equal to one listed (same ruleKey:
 * direction, protocol, ports, peer kind and value) is not listed again, and lends its description
 * to the listed one if that has none (EC2 lists a range once per spelling). Found by the peer's
 * value, without building a key string per rule: at the quota ceiling (300,000 rules) the keys were
 * a measurable share of reading the groups.
 */
export class RuleList {
  readonly rules: Rule[] = [];
  /** The listed rules by peer value: one rule, or several that differ in something else. */
  private readonly byPeer = new Map<string, Rule | Rule[]>();

  add(rule: Rule): void {
    const value = rule.peer.value;
    const listed = this.byPeer.get(value);
    const same =
      listed === undefined
        ? undefined
        : Array.isArray(listed)
          ? listed.find((other) => equal(other, rule))
          : equal(listed, rule)
            ? listed
            : undefined;
    if (same !== undefined) {
      if (same.description === undefined && rule.description !== undefined)
        same.description = rule.description;
      return;
    }
    if (listed === undefined) this.byPeer.set(value, rule);
    else if (Array.isArray(listed)) listed.push(rule);
    else this.byPeer.set(value, [listed, rule]);
    this.rules.push(rule);
  }
}

/** Equal as ruleKey compares rules whose peer values are equal. */
function equal(a: Rule, b: Rule): boolean {
  return (
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.peer.kind === b.peer.kind
  );
}
