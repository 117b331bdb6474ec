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
/** The calls that change which groups an interface or instance carries. */
const ATTACHMENT_NAMES = [
  'ModifyNetworkInterfaceAttribute',
  'ModifyInstanceAttribute',
  'CreateNetworkInterface',
  'RunInstances',
  'AttachNetworkInterface',
];
const ALL_NAMES = [...NINE_NAMES, ...ATTACHMENT_NAMES];

describe('events: the event table', () => {
  it('lists exactly the nine security-group event names and the five attachment calls', () => {
    expect([...SECURITY_GROUP_EVENT_NAMES].sort()).toEqual([...ALL_NAMES].sort());
  });

  it.each(ATTACHMENT_NAMES)('%s: is an attachment row, with no rules and no direction', (name) => {
    expect(eventSpec(name)).toMatchObject({ rules: 'attachment', action: null, direction: null });
  });

  it.each(NINE_NAMES)('%s: the direction in the table matches the name', (name) => {
    const spec = eventSpec(name);
    const expected = name.endsWith('Ingress') ? 'ingress' : name.endsWith('Egress') ? 'egress' : null;
    expect(spec?.direction).toBe(expected);
  });

  it('does not answer for names on the object prototype', () => {
    expect(eventSpec('constructor')).toBeUndefined();
    expect(Object.keys(EVENT_TABLE)).toHaveLength(ALL_NAMES.length);
  });
});
