import {
  addRule,
  baselineWithContractorException,
  CONTRACTOR_IP,
  compliantEstate,
  findingsOf,
  ingress,
  NOW,
} from './helpers';

const check = 'expired-exceptions';
const DAY = 24 * 3600 * 1000;

const withContractorRule = () =>
  addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, CONTRACTOR_IP));

describe('check: expired-exceptions', () => {
  it('passes while the exception is valid', () => {
    expect(
      findingsOf(check, withContractorRule(), baselineWithContractorException(new Date(NOW.getTime() + DAY))),
    ).toEqual([]);
  });

  it('flags the rule once the exception expired, naming owner and ticket, as MEDIUM', () => {
    const [finding] = findingsOf(
      check,
      withContractorRule(),
      baselineWithContractorException(new Date(NOW.getTime() - DAY)),
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
      findingsOf(check, compliantEstate(), baselineWithContractorException(new Date(NOW.getTime() - DAY))),
    ).toEqual([]);
  });
});
