import { EVENT_TABLE, eventSpec } from '../../src/events/event-table';
import { SECURITY_GROUP_EVENT_NAMES } from '../../src/events/parse';

const NINE_NAMES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
];

describe('events: the event table', () => {
  it('lists exactly the nine security-group event names', () => {
    expect([...SECURITY_GROUP_EVENT_NAMES].sort()).toEqual([...NINE_NAMES].sort());
  });

  it.each(NINE_NAMES)('%s: the direction in the table matches the name', (name) => {
    const spec = eventSpec(name);
    const expected = name.endsWith('Ingress') ? 'ingress' : name.endsWith('Egress') ? 'egress' : null;
    expect(spec?.direction).toBe(expected);
  });

  it('does not answer for names on the object prototype', () => {
    expect(eventSpec('constructor')).toBeUndefined();
    expect(Object.keys(EVENT_TABLE)).toHaveLength(NINE_NAMES.length);
  });
});
