import { auditOrgItem } from '../../src/app/org-audit-item';
import { orgAuditRun } from '../../src/app/org-audit-run';
import { MemoryResultStore } from '../support/memory-result-store';

const ITEM = {
  accountId: '111111111111',
  accountName: undefined,
  region: 'eu-west-1',
  environment: 'production',
};
const RUN = orgAuditRun('run-1', '2026-11-28T06:00:00Z');

/** The item's record when looking up its baseline throws `thrown`. */
async function recordWhenBaselineThrows(thrown: unknown) {
  const store = new MemoryResultStore();
  return auditOrgItem(RUN, ITEM, {
    readerFor: () => {
      throw new Error('not reached');
    },
    baselineFor: () => {
      throw thrown;
    },
    store,
  });
}

describe('app: auditOrgItem when the audit itself throws', () => {
  it('records one bounded line with a safe code, as any other failed item', async () => {
    const error = new Error(`first line ${'x'.repeat(500)}\nsecond line`);
    error.name = 'Bad name with spaces';
    const record = await recordWhenBaselineThrows(error);
    expect(record.status).toBe('not-audited');
    expect(record.failure?.code).toBe('Error');
    expect(record.failure?.message).toHaveLength(300);
    expect(record.failure?.message).not.toContain('\n');
  });

  it('records a thrown value that is not an Error instead of failing on it', async () => {
    const record = await recordWhenBaselineThrows('a bare string');
    expect(record.failure).toEqual({ code: 'Error', message: 'a bare string' });
  });
});
