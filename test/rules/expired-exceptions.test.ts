import type { BaselineException, EnvironmentBaseline } from '../../src/baseline/types';
import { addRule, compliantEstate, findingsOf, ingress, NOW, productionBaseline } from './helpers';

const check = 'expired-exceptions';
const CONTRACTOR_IP = '198.51.100.7/32';
const DAY = 24 * 3600 * 1000;

function baselineWithException(expires: Date): EnvironmentBaseline {
  const exception: BaselineException = {
    role: 'database',
    direction: 'ingress',
    protocol: 'tcp',
    fromPort: 5432,
    toPort: 5432,
    peer: { kind: 'cidr4', value: CONTRACTOR_IP },
    reason: 'vendor data migration',
    owner: 'dba@example.com',
    ticket: 'INC-4711',
    expires,
  };
  return { ...productionBaseline(), exceptions: [exception] };
}

const withContractorRule = () =>
  addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, CONTRACTOR_IP));

describe('check: expired-exceptions', () => {
  it('passes while the exception is valid', () => {
    expect(
      findingsOf(check, withContractorRule(), baselineWithException(new Date(NOW.getTime() + DAY))),
    ).toEqual([]);
  });

  it('flags the rule once the exception expired, naming owner and ticket, as MEDIUM', () => {
    const [finding] = findingsOf(
      check,
      withContractorRule(),
      baselineWithException(new Date(NOW.getTime() - DAY)),
    );
    expect(finding).toMatchObject({
      severity: 'MEDIUM',
      role: 'database',
      rule: { peer: { value: CONTRACTOR_IP } },
    });
    expect(finding?.message).toContain('INC-4711');
    expect(finding?.message).toContain('dba@example.com');
  });

  it('says nothing about an expired exception whose rule is gone', () => {
    expect(
      findingsOf(check, compliantEstate(), baselineWithException(new Date(NOW.getTime() - DAY))),
    ).toEqual([]);
  });
});
