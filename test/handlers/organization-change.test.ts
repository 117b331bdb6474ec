/**
 * The central change function in-process, over the wire: STS AssumeRole, EC2, SNS and CloudWatch all
 * answered by the local fake endpoint, so a read is seen signed with the member role's credentials
 * and sent to the event's region.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AnyEvent, authorizeIngressEvent, recordedIn } from '../support/events';
import { FakeAwsEndpoint, type RecordedRequest, useFakeAwsEndpoint } from '../support/fake-aws-endpoint';

const ROOT = path.join(__dirname, '../..');
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:sg-drift-monitor-production-alerts';
const MEMBER_ROLE_NAME = 'sg-drift-monitor-member';
const PRODUCTION_ACCOUNT = '222222222222';
const DEVELOPMENT_ACCOUNT = '333333333333';
const UNMAPPED_ACCOUNT = '444444444444';
const DATABASE = 'sg-0a1b2c3d4e5f60004';
const WORLD_V4 = '0.0.0.0/0';
const memberRole = (account: string) => `arn:aws:iam::${account}:role/${MEMBER_ROLE_NAME}`;

// The repository's compiled accounts map: 222… "Production Account" (production, eu-west-1 and
// eu-central-1, dry-run); 333… "Development Account" (staging, eu-west-1 only).
Object.assign(process.env, {
  ENVIRONMENT: 'organization',
  ALERT_TOPIC_ARN: TOPIC,
  ACCOUNTS_FILE: path.join(ROOT, 'baselines/accounts.compiled.json'),
  MEMBER_ROLE_NAME,
  AUTO_REVERT: 'enforce',
  LOG_LEVEL: 'error',
});
const { createOrganizationChangeHandler } = require('../../src/handlers/organization-change');
const { loadOrganizationRuntime } = require('../../src/handlers/organization-runtime');
const { ALERT_RESERVE_MS } = require('../../src/handlers/invocation-budget');

type Handler = (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

/** An SQS batch as Lambda delivers it: each record's body is one EventBridge event. */
function batch(...events: AnyEvent[]) {
  return {
    Records: events.map((event, index) => ({
      messageId: `msg-${index + 1}`,
      body: JSON.stringify(event),
      eventSource: 'aws:sqs',
    })),
  };
}

/** The database port opened to the world, recorded in `account` and `region`. */
function databaseOpened(account: string, region: string, eventId: string): AnyEvent {
  return recordedIn(authorizeIngressEvent(DATABASE, 5432, WORLD_V4, eventId), account, region);
}

function signedWith(request: RecordedRequest | undefined) {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    String(request?.headers.authorization),
  );
  return { accessKeyId: match?.[1], region: match?.[2], service: match?.[3] };
}

/** The metrics sent, as `name=value` (timings as `name=ms`), with their Environment dimension. */
function metricsSent(aws: FakeAwsEndpoint): string[] {
  return aws
    .calls('cloudwatch')
    .flatMap((call) =>
      (JSON.parse(call.body).MetricData ?? []).map(
        (datum: {
          MetricName: string;
          Value: number;
          Unit: string;
          Dimensions: { Name: string; Value: string }[];
        }) =>
          `${datum.Dimensions.find((d) => d.Name === 'Environment')?.Value} ${datum.MetricName}=${datum.Unit === 'Milliseconds' ? 'ms' : datum.Value}`,
      ),
    );
}

function published(aws: FakeAwsEndpoint) {
  return aws.calls('sns', 'Publish').map((call) => {
    const message = JSON.parse(call.params.get('Message') ?? '{}');
    return {
      subject: call.params.get('Subject'),
      text: message.email as string,
      json: JSON.parse(message.sqs),
    };
  });
}

describe('handler: organizationChange (SQS batch, member roles, local endpoint)', () => {
  const aws = new FakeAwsEndpoint();
  let handler: Handler;
  useFakeAwsEndpoint(aws);

  beforeEach(() => {
    aws.snapshot = JSON.parse(readFileSync(path.join(ROOT, 'examples/production-drifted.json'), 'utf8'));
    handler = createOrganizationChangeHandler(loadOrganizationRuntime('test')); // a fresh container
  });

  it('(a) a member’s event: assumes that account’s role, reads in the event’s region, alerts naming account, region and environment', async () => {
    const answer = await handler(batch(databaseOpened(PRODUCTION_ACCOUNT, 'eu-central-1', 'evt-a')));

    expect(answer).toEqual({ batchItemFailures: [] });
    const assumed = aws.calls('sts', 'AssumeRole');
    expect(assumed.map((call) => call.params.get('RoleArn'))).toEqual([memberRole(PRODUCTION_ACCOUNT)]);
    expect(assumed[0]?.params.get('RoleSessionName')).toBe('sgdrift-change');
    const issued = aws.sts.issued[0];
    const reads = aws.calls('ec2', 'DescribeSecurityGroups');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(signedWith(read)).toEqual({
        accessKeyId: issued?.accessKeyId,
        region: 'eu-central-1',
        service: 'ec2',
      });
    }
    const [alert, ...more] = published(aws);
    expect(more).toEqual([]);
    expect(alert?.subject).toMatch(/^CRITICAL production 222222222222 \(Production Account\) eu-central-1 /);
    expect(alert?.text).toContain(
      'Account 222222222222 (Production Account) eu-central-1, judged by the production baseline',
    );
    expect(alert?.json).toMatchObject({
      environment: 'production',
      account: { id: PRODUCTION_ACCOUNT, name: 'Production Account', region: 'eu-central-1' },
    });
    // The map says dry-run for this account: the stage's enforce is only the ceiling.
    expect(alert?.json.outcome).toMatchObject({ mode: 'dry-run' });
    expect(aws.calls('ec2').filter((call) => /^(Revoke|Authorize)/.test(call.action))).toEqual([]);
    expect(metricsSent(aws)).toContain('production ChangeEventsProcessed=1');
  });

  it('(b) a forged envelope (account ≠ recipientAccountId) is skipped and counted, and nothing is assumed', async () => {
    const forged = databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-b');
    forged.account = DEVELOPMENT_ACCOUNT;

    const answer = await handler(batch(forged));

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(aws.calls('sts')).toEqual([]);
    expect(aws.calls('ec2')).toEqual([]);
    expect(aws.calls('sns')).toEqual([]);
    expect(metricsSent(aws)).toEqual(['organization ForeignEvents=1']);
  });

  it('(b) a region the envelope and the record disagree on is forged too', async () => {
    const forged = databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-b2');
    forged.region = 'eu-central-1';

    await handler(batch(forged));

    expect(aws.calls('sts')).toEqual([]);
    expect(metricsSent(aws)).toEqual(['organization ForeignEvents=1']);
  });

  it('(c) an account not in the map, or a region the map does not give it, is skipped and counted', async () => {
    const answer = await handler(
      batch(
        databaseOpened(UNMAPPED_ACCOUNT, 'eu-west-1', 'evt-c1'),
        databaseOpened(DEVELOPMENT_ACCOUNT, 'eu-central-1', 'evt-c2'),
      ),
    );

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(aws.calls('sts')).toEqual([]);
    expect(aws.calls('sns')).toEqual([]);
    expect(metricsSent(aws)).toEqual(['organization UnmappedEvents=1', 'organization UnmappedEvents=1']);
  });

  it('(d) one failing record is the only batch item failure; the others are alerted once', async () => {
    aws.sts.deniedRoleArns.add(memberRole(DEVELOPMENT_ACCOUNT));

    const answer = await handler(
      batch(
        databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-d1'),
        databaseOpened(DEVELOPMENT_ACCOUNT, 'eu-west-1', 'evt-d2'),
        'not json at all',
        databaseOpened(PRODUCTION_ACCOUNT, 'eu-central-1', 'evt-d3'),
      ),
    );

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-2' }] });
    expect(
      published(aws).map(
        (alert) => `${alert.json.kind} ${alert.json.account.id} ${alert.json.account.region}`,
      ),
    ).toEqual([
      `change ${PRODUCTION_ACCOUNT} eu-west-1`,
      `member-unreachable ${DEVELOPMENT_ACCOUNT} eu-west-1`,
      `change ${PRODUCTION_ACCOUNT} eu-central-1`,
    ]);
    // One AssumeRole per account: the production account's second region reuses its credentials.
    expect(aws.calls('sts').map((call) => call.params.get('RoleArn'))).toEqual([
      memberRole(PRODUCTION_ACCOUNT),
      memberRole(DEVELOPMENT_ACCOUNT),
    ]);
    expect(metricsSent(aws)).toContain('organization UnparseableEvents=1');
  });

  it('(e) a refused member role: the change is alerted at once as not checked, counted, and retried', async () => {
    aws.sts.deniedRoleArns.add(memberRole(DEVELOPMENT_ACCOUNT));
    const event = databaseOpened(DEVELOPMENT_ACCOUNT, 'eu-west-1', 'evt-e1');

    expect(await handler(batch(event))).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    const [alert] = published(aws);
    expect(alert?.subject).toMatch(
      /^HIGH staging 333333333333 \(Development Account\) eu-west-1: not checked, member role unusable: /,
    );
    expect(alert?.json).toMatchObject({
      kind: 'member-unreachable',
      severity: 'HIGH',
      account: { id: DEVELOPMENT_ACCOUNT, name: 'Development Account', region: 'eu-west-1' },
      roleArn: memberRole(DEVELOPMENT_ACCOUNT),
      eventId: 'evt-e1',
      error: { code: 'AccessDenied' },
    });
    expect(alert?.text).toContain('5432');
    expect(alert?.text).toContain('Nothing was checked or reverted');
    expect(metricsSent(aws)).toContain('organization MemberUnreachable=1');

    // The queue delivers it again: counted again, not alerted again.
    expect(await handler(batch(event))).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(published(aws)).toHaveLength(1);
    expect(metricsSent(aws).filter((metric) => metric === 'organization MemberUnreachable=1')).toHaveLength(
      2,
    );

    // The role mended before the retries run out: the change is judged as usual.
    aws.sts.deniedRoleArns.clear();
    expect(await handler(batch(event))).toEqual({ batchItemFailures: [] });
    expect(published(aws).map((sent) => sent.json.kind)).toEqual(['member-unreachable', 'change']);
  });

  it('an event id already alerted as "not checked" in one account does not silence another account (found by review)', async () => {
    aws.sts.deniedRoleArns.add(memberRole(DEVELOPMENT_ACCOUNT));
    aws.sts.deniedRoleArns.add(memberRole(PRODUCTION_ACCOUNT));
    await handler(batch(databaseOpened(DEVELOPMENT_ACCOUNT, 'eu-west-1', 'evt-same')));
    await handler(batch(databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-same')));
    expect(published(aws).map((alert) => `${alert.json.kind} ${alert.json.account.id}`)).toEqual([
      `member-unreachable ${DEVELOPMENT_ACCOUNT}`,
      `member-unreachable ${PRODUCTION_ACCOUNT}`,
    ]);
  });

  it('with the time budget spent, starts no record: each goes back to the queue, nothing is read or sent', async () => {
    const spent = { getRemainingTimeInMillis: () => ALERT_RESERVE_MS };
    const answer = await (handler as (event: unknown, context: unknown) => ReturnType<Handler>)(
      batch(
        databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-s1'),
        databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-s2'),
      ),
      spent,
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-2' }] });
    expect(aws.requests).toEqual([]);
  });

  it('keeps state per account-region: the same event id in another account is its own event', async () => {
    await handler(
      batch(
        databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-same'),
        databaseOpened(DEVELOPMENT_ACCOUNT, 'eu-west-1', 'evt-same'),
        databaseOpened(PRODUCTION_ACCOUNT, 'eu-west-1', 'evt-same'),
      ),
    );

    expect(published(aws).map((alert) => alert.json.account.id)).toEqual([
      PRODUCTION_ACCOUNT,
      DEVELOPMENT_ACCOUNT,
    ]);
    expect(metricsSent(aws)).toContain('production DuplicateEvents=1');
  });

  it('refuses at cold start, in one line, an accounts map judging an account by an environment the baseline lacks', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sgdrift-')), 'accounts.compiled.json');
    const compiled = JSON.parse(readFileSync(path.join(ROOT, 'baselines/accounts.compiled.json'), 'utf8'));
    compiled.accounts[1].environment = 'qa';
    writeFileSync(file, JSON.stringify(compiled));

    expect(() => loadOrganizationRuntime('test', { ...process.env, ACCOUNTS_FILE: file })).toThrow(
      `${file}: accounts[1].environment: unknown environment "qa"`,
    );
  });
});
