import { addRule, compliantEstate, egress, findingsOf, ingress, VPC_CIDR, WORLD_V4 } from './helpers';

const check = 'unexpected-rules';

describe('check: unexpected-rules', () => {
  it('passes the compliant estate', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a new inbound source on backend as HIGH', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', ingress('tcp', 8000, 8000, VPC_CIDR));
    expect(findingsOf(check, estate)).toMatchObject([
      { severity: 'HIGH', role: 'backend', direction: 'ingress' },
    ]);
  });

  it('flags anything added to the database as CRITICAL', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, VPC_CIDR));
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'CRITICAL' }]);
  });

  it('flags a new port on the bastion as MEDIUM and a frontend change as LOW', () => {
    let estate = addRule(compliantEstate(), 'sg-bastion', ingress('tcp', 3389, 3389, '203.0.113.0/32'));
    estate = addRule(estate, 'sg-frontend', ingress('tcp', 8443, 8443, VPC_CIDR));
    const severities = Object.fromEntries(findingsOf(check, estate).map((f) => [f.role, f.severity]));
    expect(severities).toEqual({ bastion: 'MEDIUM', frontend: 'LOW' });
  });

  it('flags new egress to a private range on backend as MEDIUM', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', egress('tcp', 3306, 3306, VPC_CIDR));
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'MEDIUM', direction: 'egress' }]);
  });

  it('leaves egress on no-outbound groups to blocked-egress', () => {
    const estate = addRule(compliantEstate(), 'sg-database', egress('all', -1, -1, WORLD_V4));
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it('ignores the description when comparing with the baseline', () => {
    const estate = compliantEstate();
    const backend = estate.groups.find((group) => group.groupId === 'sg-backend');
    expect(backend?.rules).toHaveLength(6);
    for (const rule of backend?.rules ?? []) rule.description = 'renamed';
    expect(findingsOf(check, estate)).toEqual([]);
  });
});
