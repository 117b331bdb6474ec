import { addRule, compliantEstate, egress, findingsOf, WORLD_V4 } from './helpers';

const check = 'default-group-open';

describe('check: default-group-open', () => {
  it('passes a default group with no rules', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags each rule of the default group, such as the egress AWS creates', () => {
    let estate = addRule(compliantEstate(), 'sg-default', egress('all', -1, -1, WORLD_V4));
    estate = addRule(estate, 'sg-default', {
      direction: 'ingress',
      protocol: 'all',
      fromPort: -1,
      toPort: -1,
      peer: { kind: 'group', value: 'sg-default' },
    });
    const findings = findingsOf(check, estate);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ severity: 'MEDIUM', groupName: 'default' });
  });
});
