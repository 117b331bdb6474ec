import type { SecurityGroup } from '../../src/model/types';
import { compliantEstate, findingsOf, VPC_ID } from './helpers';

const check = 'unknown-groups';
const stray = (vpcId: string): SecurityGroup => ({
  groupId: 'sg-stray',
  groupName: 'temp-debug-sg',
  vpcId,
  tags: {},
  rules: [],
});

describe('check: unknown-groups', () => {
  it('passes the compliant estate (the default group is not unknown)', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a group in the baseline VPC that maps to no role', () => {
    const estate = compliantEstate();
    const findings = findingsOf(check, { ...estate, groups: [...estate.groups, stray(VPC_ID)] });
    expect(findings).toMatchObject([{ severity: 'MEDIUM', groupId: 'sg-stray', role: null }]);
  });

  it('leaves groups of other VPCs out of scope', () => {
    const estate = compliantEstate();
    expect(findingsOf(check, { ...estate, groups: [...estate.groups, stray('vpc-other')] })).toEqual([]);
  });
});
