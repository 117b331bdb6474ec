import { compliantEstate, findingsOf, productionBaseline, VPC_ID } from './helpers';

const check = 'missing-groups';

describe('check: missing-groups', () => {
  it('passes when every role has a group', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a deleted redis group as MEDIUM and a deleted database group as CRITICAL', () => {
    const estate = compliantEstate();
    const groups = estate.groups.filter((group) => !['sg-redis', 'sg-database'].includes(group.groupId));
    const findings = findingsOf(check, { ...estate, groups });
    expect(findings.map((finding) => [finding.role, finding.severity])).toEqual([
      ['database', 'CRITICAL'],
      ['redis', 'MEDIUM'],
    ]);
    expect(findings[1]?.message).toContain('thebot-redis-sg');
  });

  it('with a pinned VPC, names the group a role has only outside it (never silence)', () => {
    const estate = compliantEstate();
    const groups = estate.groups.map((group) =>
      group.groupId === 'sg-redis' ? { ...group, vpcId: 'vpc-0elsewhere0000000' } : group,
    );
    const pinned = { ...productionBaseline(), vpcIds: [VPC_ID] };
    const findings = findingsOf(check, { ...estate, groups }, pinned);
    expect(findings).toMatchObject([{ role: 'redis', severity: 'MEDIUM' }]);
    expect(findings[0]?.message).toContain(
      'found only outside them: thebot-redis-sg (sg-redis) in vpc-0elsewhere0000000',
    );
  });
});
