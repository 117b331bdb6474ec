import { readRouteTables } from '../../src/model/route-tables';
import { RECORDED, recordedInterface } from './exposure-helpers';
import { compliantEstate, findingsOf, productionBaseline } from './helpers';

const check = 'internet-exposed-roles';

describe('check: internet-exposed-roles', () => {
  it('is silent when no interface data was read', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('passes the ALB on the frontend group and private data stores', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [
        recordedInterface(RECORDED.publicAlb, ['sg-frontend']),
        recordedInterface(RECORDED.privateElastiCache, ['sg-redis']),
      ],
    };
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it('flags the database group on an instance with a public IP as CRITICAL, naming it', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicInstance, ['sg-database'])],
    };
    const findings = findingsOf(check, estate);
    expect(findings).toMatchObject([{ severity: 'CRITICAL', role: 'database', groupId: 'sg-database' }]);
    expect(findings[0]?.message).toContain('exposes i-06082bd7eb8460b79 (54.209.172.47)');
    expect(findings[0]?.message).toContain('route tables not read');
  });

  it('still flags the real database group when a lookalike makes its role ambiguous, and the lookalike too', () => {
    const estate = compliantEstate();
    const database = estate.groups.find((group) => group.groupId === 'sg-database');
    if (!database) throw new Error('the compliant estate has a database group');
    // A copy of its name in another VPC: the role is ambiguous between the two.
    const lookalike = { ...database, groupId: 'sg-lookalike', vpcId: 'vpc-0ffffffffffffffff', rules: [] };
    const findings = findingsOf(check, {
      ...estate,
      groups: [...estate.groups, lookalike],
      interfaces: [
        recordedInterface(RECORDED.publicInstance, ['sg-database']),
        recordedInterface(RECORDED.publicRds, ['sg-lookalike']),
      ],
    });
    expect(findings.map((finding) => `${finding.severity} ${finding.groupId} ${finding.role}`)).toEqual([
      'CRITICAL sg-database database',
      'CRITICAL sg-lookalike database',
    ]);
    expect(findings[0]?.message).toContain(
      '(database, one of its ambiguous candidates) must not face the internet',
    );
  });

  it('flags a publicly accessible RDS instance on the backend group', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicRds, ['sg-backend'])],
    };
    expect(findingsOf(check, estate)).toMatchObject([{ role: 'backend' }]);
    expect(findingsOf(check, estate)[0]?.message).toContain('RDS eni-d69ab23d (52.5.205.47)');
  });

  it('does not flag a public address in a subnet no internet gateway reaches, when route tables were read', () => {
    const routes = readRouteTables([{ VpcId: 'vpc-d2d616b5', Associations: [{ Main: true }], Routes: [] }]);
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicInstance, ['sg-database'])],
      routes,
    };
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it('follows an explicit internetFacing declaration', () => {
    const baseline = productionBaseline();
    const database = baseline.roles.find((role) => role.role === 'database');
    if (database) database.internetFacing = true;
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicInstance, ['sg-database'])],
    };
    expect(findingsOf(check, estate, baseline)).toEqual([]);
  });

  it('never flags the bastion, whose baseline admits an admin CIDR from the internet', () => {
    const estate = {
      ...compliantEstate(),
      interfaces: [recordedInterface(RECORDED.publicInstance, ['sg-bastion'])],
    };
    expect(findingsOf(check, estate)).toEqual([]);
  });
});
