import type { Rule } from '../../src/model/types';
import {
  addRule,
  compliantEstate,
  findingsOf,
  ingress,
  NOW,
  OFFICE_CIDR,
  productionBaseline,
  VPC_CIDR,
  WORLD_V4,
  WORLD_V6,
} from './helpers';

const check = 'permissive-rules';

describe('check: permissive-rules', () => {
  it('passes the compliant estate, where only the frontend 80/443 are public by design', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags database 5432 open to 0.0.0.0/0 as CRITICAL', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, WORLD_V4));
    const [finding] = findingsOf(check, estate);
    expect(finding).toMatchObject({ check, severity: 'CRITICAL', groupId: 'sg-database', role: 'database' });
    expect(finding?.message).toContain('open to the whole internet');
    expect(finding?.compliance).toEqual(expect.arrayContaining(['HIPAA', 'PCI-DSS']));
  });

  it('flags backend SSH open over IPv6 ::/0 as CRITICAL', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', ingress('tcp', 22, 22, WORLD_V6));
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'CRITICAL', direction: 'ingress' }]);
  });

  it('sees 0.0.0.0/1 plus 128.0.0.0/1 as the world', () => {
    let estate = addRule(compliantEstate(), 'sg-redis', ingress('tcp', 6379, 6379, '0.0.0.0/1'));
    estate = addRule(estate, 'sg-redis', ingress('tcp', 6379, 6379, '128.0.0.0/1'));
    const findings = findingsOf(check, estate);
    expect(findings).toHaveLength(2);
    expect(findings.every((finding) => finding.severity === 'CRITICAL')).toBe(true);
  });

  it('counts an all-ports rule as covering restricted port 8000', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', ingress('all', -1, -1, WORLD_V4));
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'CRITICAL' }]);
    expect(findingsOf(check, estate)[0]?.message).toContain('8000');
  });

  it('flags a public range wider than the bastion CIDR the baseline allows, as HIGH', () => {
    const estate = addRule(compliantEstate(), 'sg-bastion', ingress('tcp', 22, 22, '203.0.0.0/8'));
    const [finding] = findingsOf(check, estate);
    expect(finding).toMatchObject({ severity: 'HIGH', role: 'bastion' });
    expect(finding?.message).toContain('public range');
  });

  it('does not flag a narrower CIDR inside the declared one', () => {
    const estate = addRule(compliantEstate(), 'sg-frontend', ingress('tcp', 443, 443, '198.51.100.0/24'));
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it('does not flag private sources such as the VPC CIDR', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, VPC_CIDR));
    expect(findingsOf(check, estate)).toEqual([]);
  });

  it('flags a public non-restricted port open to the world on a HIGH-risk group as HIGH', () => {
    const estate = addRule(compliantEstate(), 'sg-backend', ingress('tcp', 9000, 9000, WORLD_V4));
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'HIGH' }]);
  });

  it('flags the bastion SSH opened to the world as CRITICAL even though 22 is declared from the office', () => {
    const estate = addRule(compliantEstate(), 'sg-bastion', ingress('tcp', 22, 22, WORLD_V4));
    expect(findingsOf(check, estate)).toMatchObject([{ severity: 'CRITICAL' }]);
    expect(OFFICE_CIDR).not.toBe(WORLD_V4);
  });
});

describe('check: permissive-rules, exposure never approved by a declaration alone', () => {
  const declare = (rule: Rule) => {
    const baseline = productionBaseline();
    const backend = baseline.roles.find((role) => role.role === 'backend');
    backend?.rules.push({
      ...rule,
      id: 'backend_public',
      role: 'backend',
      purpose: 'p',
      justification: 'j',
      description: 'd',
      peer: rule.peer,
    });
    return baseline;
  };

  it('keeps world-open SSH on a role that declares it as a CRITICAL finding', () => {
    const rule = ingress('tcp', 22, 22, WORLD_V4);
    const findings = findingsOf(check, addRule(compliantEstate(), 'sg-backend', rule), declare(rule));
    expect(findings).toMatchObject([{ severity: 'CRITICAL', role: 'backend' }]);
    expect(findings[0]?.message).toContain('only an exception');
  });

  it('keeps all traffic from the world, declared, as CRITICAL', () => {
    const rule = ingress('all', -1, -1, WORLD_V4);
    const findings = findingsOf(check, addRule(compliantEstate(), 'sg-backend', rule), declare(rule));
    expect(findings).toMatchObject([{ severity: 'CRITICAL' }]);
  });

  it('lets an unexpired exception suppress it', () => {
    const rule = ingress('tcp', 22, 22, WORLD_V4);
    const baseline = declare(rule);
    baseline.exceptions.push({
      role: 'backend',
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      peer: { kind: 'cidr4', value: WORLD_V4 },
      reason: 'incident bridge',
      owner: 'oncall@example.com',
      ticket: 'INC-1',
      expires: new Date(NOW.getTime() + 86_400_000),
    });
    expect(findingsOf(check, addRule(compliantEstate(), 'sg-backend', rule), baseline)).toEqual([]);
  });

  it('still lets a declared world-open non-restricted port (the frontend 443) pass', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });
});
