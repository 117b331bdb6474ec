import { auditEstate } from '../../src/app/run-audit';
import {
  addRule,
  baselineWithContractorException,
  CONTRACTOR_IP,
  compliantEstate,
  ingress,
  NOW,
  productionBaseline,
  WORLD_V4,
} from './helpers';

const DAY = 24 * 3600 * 1000;

describe('engine', () => {
  it('reports the compliant estate as compliant with zero findings', () => {
    const result = auditEstate(productionBaseline(), compliantEstate(), { now: NOW });
    expect(result.findings).toEqual([]);
    expect(result.compliant).toBe(true);
    expect(result.summary).toMatchObject({
      groups: 7,
      findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
    });
  });

  it('reports a world-open rule once as permissive and once as unexpected, not more', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, WORLD_V4));
    const result = auditEstate(productionBaseline(), estate, { now: NOW });
    expect(result.findings.map((finding) => finding.check).sort()).toEqual([
      'permissive-rules',
      'unexpected-rules',
    ]);
    expect(result.summary.findings.CRITICAL).toBe(2);
  });

  it('sorts findings most severe first', () => {
    let estate = addRule(compliantEstate(), 'sg-frontend', ingress('tcp', 8443, 8443, '10.0.0.0/16', ''));
    estate = addRule(estate, 'sg-database', ingress('tcp', 5432, 5432, WORLD_V4));
    const severities = auditEstate(productionBaseline(), estate, { now: NOW }).findings.map(
      (f) => f.severity,
    );
    expect(severities).toEqual([...severities].sort((a, b) => rank(a) - rank(b)));
  });

  it('suppresses findings an unexpired exception covers, and keeps them apart', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, CONTRACTOR_IP));
    const result = auditEstate(baselineWithContractorException(new Date(NOW.getTime() + DAY)), estate, {
      now: NOW,
    });
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toMatchObject([
      { ticket: 'INC-4711', owner: 'dba@example.com', finding: { check: 'permissive-rules' } },
      { ticket: 'INC-4711', finding: { check: 'unexpected-rules' } },
    ]);
  });

  it('turns an expired exception into an expired-exceptions finding and stops suppressing', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, CONTRACTOR_IP));
    const result = auditEstate(baselineWithContractorException(new Date(NOW.getTime() - DAY)), estate, {
      now: NOW,
    });
    const expired = result.findings.find((finding) => finding.check === 'expired-exceptions');
    expect(expired).toMatchObject({ severity: 'MEDIUM', role: 'database' });
    expect(expired?.message).toContain('INC-4711');
    expect(expired?.message).toContain('dba@example.com');
    expect(result.findings.map((finding) => finding.check)).toContain('unexpected-rules');
    expect(result.suppressed).toEqual([]);
  });

  it('does not let an exception cover a wider rule than it names', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, WORLD_V4));
    const result = auditEstate(baselineWithContractorException(new Date(NOW.getTime() + DAY)), estate, {
      now: NOW,
    });
    expect(result.suppressed).toEqual([]);
    expect(result.findings).toHaveLength(2);
  });

  it('limits the report to --sg-name groups while resolving peers over the whole estate', () => {
    const estate = addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, WORLD_V4));
    const result = auditEstate(productionBaseline(), estate, { now: NOW, groupNames: ['thebot-backend-sg'] });
    expect(result.findings).toEqual([]);
    expect(result.summary.groups).toBe(1);
  });
});

function rank(severity: string): number {
  return ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'].indexOf(severity);
}
