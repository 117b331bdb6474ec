import { type ChangeOutcome, processChangeEvent } from '../app/evaluate-change';
import { createInMemoryReader } from '../app/in-memory-reader';
import type { OutgoingAlert } from '../app/ports';
import { RecentIds } from '../app/recent-ids';
import { RoleGroupDirectory } from '../app/role-directory';
import { createEc2Reader } from '../aws/ec2-reader';
import { createSnsPublisher } from '../aws/sns';
import { DEFAULT_BASELINE_FILE, loadEnvironmentBaseline } from '../baseline/loader';
import { InputError } from '../errors';
import { createLogger } from '../logger';
import { oneOf, parseCommandArgs } from './args';
import { readJsonFile, readSnapshotFile } from './files';
import type { CliIo } from './io';

export const REPLAY_USAGE = `sgdrift replay EVENT.json [--snapshot FILE] [--environment ENV] [--baseline FILE]
               [--format text|json] [--publish]
  Runs the real-time use case on a recorded EventBridge event, against a snapshot or live AWS, and
  prints the alert it would publish. --publish sends it to $ALERT_TOPIC_ARN.`;

/** `sgdrift replay`: what the securityGroupChange Lambda would do with this event. */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', args, {
    snapshot: { type: 'string', short: 's' },
    environment: { type: 'string', short: 'e', default: 'production' },
    baseline: { type: 'string', short: 'b' },
    format: { type: 'string', short: 'f', default: 'text' },
    publish: { type: 'boolean', default: false },
  });
  const [eventFile, ...extra] = positionals;
  if (!eventFile || extra.length > 0) throw new InputError('replay: expected exactly one EVENT.json');
  const format = oneOf('replay', 'format', values.format, ['text', 'json'] as const);
  const event = readJsonFile(eventFile);
  const baseline = loadEnvironmentBaseline(values.baseline ?? DEFAULT_BASELINE_FILE, values.environment);
  const published: OutgoingAlert[] = [];
  const outcome = await processChangeEvent(
    event,
    {
      reader: values.snapshot ? createInMemoryReader(readSnapshotFile(values.snapshot)) : createEc2Reader(),
      publisher: { publish: async (alert) => void published.push(alert) },
      metrics: { put: async () => undefined },
      logger: createLogger('warn', { service: 'sgdrift-replay' }, (line) => io.stderr(line)),
      now: () => new Date(),
      directory: new RoleGroupDirectory(baseline),
      seen: new RecentIds(),
    },
    { baseline, selfRoleArn: process.env.SELF_ROLE_ARN ?? null, notifyCompliantChanges: false },
  );
  const alert = published[0] ?? null;
  if (alert && values.publish) await createSnsPublisher(topicArn()).publish(alert);
  io.stdout(
    format === 'json'
      ? JSON.stringify({ event: eventSummary(outcome), alert: alert?.json ?? null }, null, 2)
      : renderText(outcome, alert),
  );
  return 0;
}

function eventSummary(outcome: ChangeOutcome) {
  if (outcome.status === 'unparseable') return { skipped: `unparseable: ${outcome.reason}` };
  if (!('event' in outcome) || !outcome.event)
    return { skipped: outcome.status === 'skipped' ? outcome.reason : outcome.status };
  const { eventName, eventId, eventTime, actor, groupIds, changes } = outcome.event;
  const skipped = outcome.status === 'skipped' ? { skipped: outcome.reason } : {};
  return { eventName, eventId, eventTime, actor, groupIds, changes, ...skipped };
}

function renderText(outcome: ChangeOutcome, alert: OutgoingAlert | null): string {
  if (outcome.status === 'unparseable') return `not processed: unparseable event (${outcome.reason})`;
  if (outcome.status === 'skipped') return `not processed: ${outcome.reason}`;
  if (!alert)
    return `${outcome.event.eventName} ${outcome.event.eventId}: no alert (no new drift against the baseline)`;
  return [`Subject: ${alert.subject}`, '', alert.text, '', 'JSON:', JSON.stringify(alert.json, null, 2)].join(
    '\n',
  );
}

function topicArn(): string {
  const arn = process.env.ALERT_TOPIC_ARN;
  if (!arn) throw new InputError('replay: --publish needs ALERT_TOPIC_ARN in the environment');
  return arn;
}
