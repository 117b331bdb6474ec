import { RECORDED, recordedInterface } from './exposure-helpers';
import { compliantEstate, findingsOf, productionBaseline } from './helpers';

const check = 'unexpected-carriers';

describe('check: unexpected-carriers', () => {
  it('is silent when no interface data was read', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('passes each role on the kind of resource the seed puts it on', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [
        recordedInterface(RECORDED.publicAlb, ['sg-frontend']),
        recordedInterface(RECORDED.publicRds, ['sg-database']),
        recordedInterface(RECORDED.privateElastiCache, ['sg-redis']),
        recordedInterface(RECORDED.publicInstance, ['sg-bastion']),
      ],
    };
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it('flags the database group on an instance, at the role risk, naming the instance', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [
        recordedInterface(RECORDED.publicRds, ['sg-database']),
        recordedInterface(RECORDED.publicInstance, ['sg-database']),
      ],
    };
    const findings = findingsOf(check, estate);
    expect(findings).toMatchObject([{ severity: 'CRITICAL', role: 'database', groupId: 'sg-database' }]);
    expect(findings[0]?.message).toBe(
      'thebot-database-sg (database) is carried by i-06082bd7eb8460b79 (54.209.172.47) (instance); its baseline carriedBy allows only rds',
    );
  });

  it('flags the redis group on a load balancer as HIGH', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicAlb, ['sg-redis'])],
    };
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'HIGH', role: 'redis' }]);
  });

  it('ignores detached interfaces and roles that declare no carriers', () => {
    const baseline = productionBaseline();
    for (const role of baseline.roles) delete role.carriedBy;
    const estate = {
      ...compliantEstate(),
      interfaces: [
        recordedInterface(RECORDED.detached, ['sg-database']),
        recordedInterface(RECORDED.publicInstance, ['sg-redis']),
      ],
    };
    expect(findingsOf(check, estate, baseline)).toEqual([]);
    expect(findingsOf(check, { ...estate, interfaces: estate.interfaces.slice(0, 1) })).toEqual([]);
  });
});
