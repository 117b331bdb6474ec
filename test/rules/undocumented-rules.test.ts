import { addRule, compliantEstate, findingsOf, ingress, VPC_CIDR } from './helpers';

const check = 'undocumented-rules';

describe('check: undocumented-rules', () => {
  it('passes when every rule has a description', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a rule with no description as LOW', () => {
    const rule = ingress('tcp', 8443, 8443, VPC_CIDR);
    delete rule.description;
    expect(findingsOf(check, addRule(compliantEstate(), 'sg-frontend', rule))).toMatchObject([
      { severity: 'LOW', groupId: 'sg-frontend', rule: { fromPort: 8443 } },
    ]);
  });

  it('treats a blank description as none', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', ingress('tcp', 9000, 9000, VPC_CIDR, '  '));
    expect(findingsOf(check, estate)).toHaveLength(1);
  });
});
