import { compliantEstate, findingsOf, productionBaseline, VPC_ID } from './helpers';

const check = 'unmatched-vpc-pins';

describe('check: unmatched-vpc-pins', () => {
  it('passes when no VPC is pinned, or the pinned VPC holds the groups', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
    const pinned = { ...productionBaseline(), vpcIds: [VPC_ID] };
    expect(findingsOf(check, compliantEstate(), pinned)).toEqual([]);
  });

  it('flags a pinned VPC that holds no group as CRITICAL, naming the file and VPC', () => {
    const pinned = { ...productionBaseline(), vpcIds: [VPC_ID, 'vpc-0nowhere000000000'] };
    const findings = findingsOf(check, compliantEstate(), pinned);
    expect(findings).toMatchObject([{ severity: 'CRITICAL', groupId: null }]);
    expect(findings[0]?.message).toContain('vpc-0nowhere000000000');
    expect(findings[0]?.message).toContain('thebot.yml');
  });
});
