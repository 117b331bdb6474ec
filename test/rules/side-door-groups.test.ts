import type { SecurityGroup } from '../../src/model/types';
import { RECORDED, recordedInterface } from './exposure-helpers';
import { compliantEstate, findingsOf, ingress, VPC_ID, WORLD_V4 } from './helpers';

const check = 'side-door-groups';
const debugGroup: SecurityGroup = {
  groupId: 'sg-debug',
  groupName: 'temp-debug-sg',
  vpcId: VPC_ID,
  tags: {},
  rules: [ingress('tcp', 22, 22, WORLD_V4)],
};

describe('check: side-door-groups', () => {
  it('passes an interface that carries one role group only', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicInstance, ['sg-backend'])],
    };
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it("flags an unknown group on the database's interface as HIGH, naming it and what it opens", () => {
    const estate = compliantEstate();
    const withDebug = {
      ...estate,
      groups: [...estate.groups, debugGroup],
      interfaces: [recordedInterface(RECORDED.privateElastiCache, ['sg-database', 'sg-debug'])],
    };
    const findings = findingsOf(check, withDebug);
    expect(findings).toMatchObject([{ severity: 'HIGH', role: 'database', groupId: 'sg-database' }]);
    expect(findings[0]?.message).toContain('temp-debug-sg (sg-debug)');
    expect(findings[0]?.message).toContain('22/tcp from 0.0.0.0/0');
  });
});

describe('check: side-door-groups, two roles on one interface', () => {
  it('flags the bastion group on a backend instance once, naming the other role', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicInstance, ['sg-backend', 'sg-bastion'])],
    };
    const findings = findingsOf(check, estate);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('the group of role');
  });

  it('names five of a fleet sharing the pair, then how many more: one finding of bounded length', () => {
    const base = recordedInterface(RECORDED.publicInstance, ['sg-backend', 'sg-bastion']);
    const interfaces = Array.from({ length: 2000 }, (_, index) => ({
      ...base,
      interfaceId: `eni-${index}`,
      resource: `i-0${index.toString(16).padStart(16, '0')}`,
    }));
    const findings = findingsOf(check, { ...compliantEstate(), interfaces });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain(
      'shares i-00000000000000000, i-00000000000000001, i-00000000000000002, i-00000000000000003, i-00000000000000004 and 1995 more with',
    );
  });
});
