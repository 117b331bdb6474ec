import { changeGroup, compliantEstate, findingsOf } from './helpers';

const check = 'missing-tags';

describe('check: missing-tags', () => {
  it('passes groups with Name, Environment and ManagedBy', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a missing ManagedBy tag as LOW', () => {
    const estate = changeGroup(compliantEstate(), 'sg-redis', (group) => {
      delete group.tags.ManagedBy;
    });
    expect(findingsOf(check, estate)).toMatchObject([
      { severity: 'LOW', role: 'redis', message: expect.stringContaining('ManagedBy') },
    ]);
  });

  it('flags an Environment tag that names another environment', () => {
    const estate = changeGroup(compliantEstate(), 'sg-backend', (group) => {
      group.tags.Environment = 'staging';
    });
    expect(findingsOf(check, estate)[0]?.message).toContain('expected production');
  });

  it('treats an empty tag value as missing', () => {
    const estate = changeGroup(compliantEstate(), 'sg-frontend', (group) => {
      group.tags.Name = ' ';
    });
    expect(findingsOf(check, estate)).toHaveLength(1);
  });

  it('does not require tags on the VPC default group', () => {
    const estate = compliantEstate();
    expect(estate.groups.find((group) => group.groupName === 'default')?.tags).toEqual({});
    expect(findingsOf(check, estate)).toEqual([]);
  });
});
