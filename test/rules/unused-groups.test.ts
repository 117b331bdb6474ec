import { compliantEstate, findingsOf } from './helpers';

const check = 'unused-groups';

describe('check: unused-groups', () => {
  it('passes when every group is attached', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a group attached to no network interface as LOW', () => {
    const estate = compliantEstate();
    const attached = new Set([...(estate.attachedGroupIds ?? [])].filter((id) => id !== 'sg-bastion'));
    expect(findingsOf(check, { ...estate, attachedGroupIds: attached })).toMatchObject([
      { severity: 'LOW', groupId: 'sg-bastion' },
    ]);
  });

  it('is silent when no interface data was read', () => {
    const estate = compliantEstate();
    expect(findingsOf(check, { groups: estate.groups })).toEqual([]);
  });
});
