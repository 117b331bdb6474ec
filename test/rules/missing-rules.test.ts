import { changeGroup, compliantEstate, findingsOf } from './helpers';

const check = 'missing-rules';

describe('check: missing-rules', () => {
  it('passes the compliant estate', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('names the baseline rule that is gone', () => {
    const estate = changeGroup(compliantEstate(), 'sg-redis', (group) => {
      group.rules = group.rules.filter(
        (rule) => !(rule.direction === 'ingress' && rule.peer.value === 'sg-bastion'),
      );
    });
    expect(findingsOf(check, estate)).toMatchObject([
      { severity: 'MEDIUM', role: 'redis', baselineRuleId: 'redis_from_bastion', rule: { fromPort: 6379 } },
    ]);
  });

  it('raises a missing database rule to CRITICAL', () => {
    const estate = changeGroup(compliantEstate(), 'sg-database', (group) => {
      group.rules = group.rules.filter((rule) => rule.direction === 'egress');
    });
    const findings = findingsOf(check, estate);
    expect(findings.map((finding) => finding.baselineRuleId).sort()).toEqual([
      'database_from_backend',
      'database_from_bastion',
    ]);
    expect(findings.every((finding) => finding.severity === 'CRITICAL')).toBe(true);
  });

  it('reports nothing for a role whose group is missing (missing-groups does)', () => {
    const estate = compliantEstate();
    const withoutRedis = { ...estate, groups: estate.groups.filter((group) => group.groupId !== 'sg-redis') };
    expect(findingsOf(check, withoutRedis).filter((finding) => finding.role === 'redis')).toEqual([]);
  });
});
