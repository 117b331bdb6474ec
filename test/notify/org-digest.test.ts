import { SNS_MAX_MESSAGE_BYTES } from '../../src/notify/limits';
import { buildOrgDigest, type OrgDigestJson, type OrgItemRecord } from '../../src/notify/org-digest';
import { snsMessageBody } from '../../src/notify/sns-message';
import { FORGED_VERDICT, HOSTILE, rawUnsafe } from '../support/hostile-text';

const RESULTS = 's3://sgdrift-org-results/runs/2026-11-28/run-1/results/';
const NONE = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };

function audited(accountId: string, region: string, findings: Partial<typeof NONE> = {}): OrgItemRecord {
  return {
    accountId,
    accountName: `Account ${accountId.slice(0, 3)}`,
    region,
    environment: 'production',
    status: 'audited',
    findings: { ...NONE, ...findings },
    failure: null,
  };
}

function notAudited(accountId: string, region: string, code = 'AccessDenied'): OrgItemRecord {
  return {
    ...audited(accountId, region),
    status: 'not-audited',
    failure: { code, message: `not authorized in ${region}` },
  };
}

const digestOf = (records: OrgItemRecord[], maxBytes?: number, missingUnits: string[] = []) =>
  buildOrgDigest({ runId: 'run-1', resultsUri: RESULTS, records, missingUnits }, maxBytes);

describe('notify: organization digest', () => {
  const records = [
    audited('111111111111', 'eu-west-1', { LOW: 9 }),
    audited('222222222222', 'eu-west-1', { HIGH: 2 }),
    audited('222222222222', 'us-east-1', { CRITICAL: 1 }),
    notAudited('333333333333', 'eu-west-1'),
    audited('333333333333', 'us-east-1'),
    audited('444444444444', 'eu-west-1', { HIGH: 3 }),
  ];

  it('puts the worst accounts first (CRITICAL, then HIGH, …), with counts per account and severity', () => {
    const json = digestOf(records).json as OrgDigestJson;
    expect(json.accounts.map((account) => account.accountId)).toEqual([
      '222222222222',
      '444444444444',
      '111111111111',
      '333333333333',
    ]);
    expect(json.accounts[0]).toMatchObject({
      findings: { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0 },
      regionsAudited: 2,
      regionsNotAudited: 0,
    });
    expect(json.totals).toEqual({
      accountRegions: 6,
      audited: 5,
      notAudited: 1,
      findings: { CRITICAL: 1, HIGH: 5, MEDIUM: 0, LOW: 9 },
    });
  });

  it('names every account-region not audited and why, and points at the full results', () => {
    const alert = digestOf(records);
    expect(alert.text).toContain('6 account-region(s): 5 audited, 1 NOT audited');
    expect(alert.text).toContain(
      'Not audited:\n  333333333333 (Account 333) eu-west-1: AccessDenied: not authorized in eu-west-1',
    );
    expect(alert.text).toContain(`Full results: ${RESULTS}`);
    expect(alert.text.indexOf('222222222222 (Account 222)')).toBeLessThan(alert.text.indexOf('444444444444'));
    expect(alert.subject).toBe(
      'sgdrift org audit: 1 CRITICAL, 5 HIGH, 0 MEDIUM, 9 LOW; 1 account-region(s) NOT audited',
    );
    expect(alert.attributes).toEqual({ kind: 'audit', scope: 'organization', severity: 'CRITICAL' });
    expect((alert.json as OrgDigestJson).notAudited).toEqual([
      {
        accountId: '333333333333',
        accountName: 'Account 333',
        region: 'eu-west-1',
        code: 'AccessDenied',
        message: 'not authorized in eu-west-1',
      },
    ]);
  });

  it('stays under the SNS limit for 1,000 accounts × 17 regions, keeping the worst and counting the rest', () => {
    const many: OrgItemRecord[] = [];
    for (let account = 0; account < 1000; account += 1) {
      const id = String(100_000_000_000 + account);
      for (let region = 1; region <= 17; region += 1) {
        const name = `eu-west-${region}`;
        many.push(
          account % 7 === 0 ? notAudited(id, name, 'Throttling') : audited(id, name, { LOW: account % 5 }),
        );
      }
    }
    many.push(audited('999999999999', 'eu-west-1', { CRITICAL: 4 }));
    const alert = digestOf(many);
    expect(Buffer.byteLength(snsMessageBody(alert), 'utf8')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    const json = alert.json as OrgDigestJson;
    expect(json.accounts[0]?.accountId).toBe('999999999999');
    expect(json.totals.accountRegions).toBe(17_001);
    expect(json.accounts.length + json.omittedAccounts).toBe(1001);
    expect(json.notAudited.length + json.omittedNotAudited).toBe(143 * 17);
    expect(json.omittedNotAudited).toBeGreaterThan(0);
    expect(alert.text).toContain(`… ${json.omittedNotAudited} more: see the full results`);
  });

  it('a tiny limit keeps the totals and the pointer to the results', () => {
    const alert = digestOf(records, 2000);
    expect(Buffer.byteLength(snsMessageBody(alert), 'utf8')).toBeLessThanOrEqual(2000);
    expect(alert.text).toContain(`Full results: ${RESULTS}`);
    expect((alert.json as OrgDigestJson).totals.notAudited).toBe(1);
  });

  it('an account name or AWS message cannot forge a line or reach the reader raw', () => {
    const hostile = { ...notAudited('555555555555', 'eu-west-1'), accountName: HOSTILE };
    hostile.failure = { code: 'AccessDenied', message: HOSTILE };
    const alert = digestOf([hostile, { ...audited('666666666666', 'eu-west-1'), accountName: HOSTILE }]);
    expect(rawUnsafe(alert.text.replaceAll('\n', ''))).toEqual([]);
    expect(alert.text.split('\n').some((line) => line.startsWith(FORGED_VERDICT))).toBe(false);
  });
});

describe('notify: organization digest in Slack', () => {
  it('reads as the digest text, not as raw JSON, and a forged org-audit message is shown as sent', () => {
    const { slackMessageFor } = require('../../src/notify/slack-blocks');
    const digest = digestOf([
      audited('222222222222', 'us-east-1', { CRITICAL: 1 }),
      notAudited('333333333333', 'eu-west-1'),
    ]);
    const { text } = slackMessageFor(JSON.stringify(digest.json), digest.subject);
    expect(text).not.toContain('"kind"');
    expect(text).toContain('222222222222');
    expect(text).toContain('NOT audited');
    const forged = slackMessageFor(JSON.stringify({ kind: 'org-audit' }), null);
    expect(forged.text).toContain('org-audit');
  });

  it('a forged digest on the Slack path cannot start a line through its account id', () => {
    const { slackMessageFor } = require('../../src/notify/slack-blocks');
    const digest = structuredClone(
      digestOf([audited('222222222222', 'us-east-1', { CRITICAL: 1 })]).json,
    ) as OrgDigestJson;
    const account = digest.accounts[0] as OrgDigestJson['accounts'][number];
    account.accountId = `222222222222\n${FORGED_VERDICT}`;
    const { text } = slackMessageFor(JSON.stringify(digest), null);
    expect(text.split('\n').some((line: string) => line.startsWith(FORGED_VERDICT))).toBe(false);
    expect(rawUnsafe(text.replaceAll('\n', ''))).toEqual([]);
  });
});
