import { addRule, compliantEstate, egress, findingsOf, VPC_CIDR, WORLD_V4 } from './helpers';

const check = 'blocked-egress';

describe('check: blocked-egress', () => {
  it('accepts the 127.0.0.1/32 sentinel on database and redis', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags outbound to the internet from the database as CRITICAL', () => {
    const estate = addRule(compliantEstate(), 'sg-database', egress('all', -1, -1, WORLD_V4));
    expect(findingsOf(check, estate)).toMatchObject([
      { severity: 'CRITICAL', role: 'database', direction: 'egress' },
    ]);
  });

  it('flags outbound to the VPC from redis as MEDIUM and to the internet as HIGH', () => {
    let estate = addRule(compliantEstate(), 'sg-redis', egress('tcp', 443, 443, VPC_CIDR));
    estate = addRule(estate, 'sg-redis', egress('tcp', 443, 443, WORLD_V4));
    expect(
      findingsOf(check, estate)
        .map((finding) => finding.severity)
        .sort(),
    ).toEqual(['HIGH', 'MEDIUM']);
  });

  it('does not judge groups that may have outbound', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', egress('tcp', 25, 25, WORLD_V4));
    expect(findingsOf(check, estate)).toEqual([]);
  });
});
