import { compliantEstate, findingsOf } from './helpers';

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
});
