import { type ChangeOutcome, processChangeEvent } from '../app/evaluate-change';
import { createInMemoryReader } from '../app/in-memory-reader';
import { createInMemoryRuleStore } from '../app/in-memory-rules';
import type { OutgoingAlert } from '../app/ports';
import { RecentIds } from '../app/recent-ids';
import { RoleGroupDirectory } from '../app/role-directory';
import { createEc2Reader } from '../aws/ec2-reader';
import { createEc2Writer } from '../aws/ec2-writer';
import { createSnsPublisher } from '../aws/sns';
import type { EnvironmentBaseline } from '../baseline/types';
import { AutoRevertMode, loadRevertSettings } from '../config';
import { InputError } from '../errors';
import { createLogger } from '../logger';
import { displayJson, displayText } from '../model/display-text';
import type { Estate } from '../model/types';
import { oneOf, parseCommandArgs } from './args';
import { readBaseline, readJsonFile, readSnapshotFile } from './files';
import type { CliIo } from './io';
import { liveReader } from './live-estate';

export const REPLAY_USAGE = `sgdrift replay EVENT.json [--snapshot FILE] [--environment ENV] [--baseline FILE]
               [--format text|json] [--publish] [--auto-revert off|dry-run|enforce]
  Runs the real-time use case on a recorded EventBridge event, against a snapshot or live AWS, and
  prints the alert it would publish. --publish sends it to $ALERT_TOPIC_ARN. --auto-revert shows
  what auto-revert would do ($ALLOWED_PRINCIPALS, $MAX_REVERT_RULES apply); enforce needs --snapshot
  and changes only the snapshot in memory (use sgdrift revert --apply to change live AWS).`;

/** `sgdrift replay`: what the securityGroupChange Lambda would do with this event. */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', args, {
    snapshot: { type: 'string', short: 's' },
    environment: { type: 'string', short: 'e', default: 'production' },
    baseline: { type: 'string', short: 'b' },
    format: { type: 'string', short: 'f', default: 'text' },
    publish: { type: 'boolean', default: false },
    'auto-revert': { type: 'string', default: 'off' },
  });
  const [eventFile, ...extra] = positionals;
  if (!eventFile || extra.length > 0) throw new InputError('replay: expected exactly one EVENT.json');
  const format = oneOf('replay', 'format', values.format, ['text', 'json'] as const);
  const autoRevert = oneOf('replay', 'auto-revert', values['auto-revert'], Object.values(AutoRevertMode));
  if (autoRevert === 'enforce' && !values.snapshot) {
    throw new InputError(
      'replay: --auto-revert enforce needs --snapshot (to change live AWS: sgdrift revert --apply)',
    );
  }
  // The same variables, parsed the same way, as the Lambda's (a bad one is exit 2 naming it).
  const revertSettings = loadRevertSettings(process.env, autoRevert);
  const event = readJsonFile(eventFile);
  const baseline = readBaseline(values.baseline, values.environment);
  const estate = values.snapshot ? readSnapshotFile(values.snapshot) : null;
  const { reader, revert } = adaptersFor(estate);
  const published: OutgoingAlert[] = [];
  const outcome = await processChangeEvent(
    event,
    {
      reader,
      publisher: { publish: async (alert) => void published.push(alert) },
      metrics: { put: async () => undefined },
      logger: createLogger('error', { service: 'sgdrift-replay' }, (line) => io.stderr(line)),
      now: () => new Date(),
      directory: new RoleGroupDirectory(baseline),
      seen: new RecentIds(),
      revert,
    },
    {
      baseline,
      // A recorded event is replayed whatever account and region recorded it: that is what replay is for.
      home: null,
      selfRoleArn: process.env.SELF_ROLE_ARN ?? null,
      notifyCompliantChanges: false,
      autoRevert: { mode: autoRevert, ...revertSettings },
    },
  );
  if (outcome.status === 'unparseable') {
    throw new InputError(`${eventFile}: not a readable CloudTrail event: ${displayText(outcome.reason)}`);
  }
  const alert = published[0] ?? null;
  if (alert && values.publish) await createSnsPublisher(topicArn()).publish(alert);
  const unknown = alert
    ? null
    : unknownGroupsNote(outcome, baseline, values.snapshot ? 'the snapshot' : 'AWS');
  io.stdout(
    format === 'json'
      ? displayJson(
          { event: eventSummary(outcome), alert: alert?.json ?? null, ...(unknown ? { note: unknown } : {}) },
          undefined,
          2,
        )
      : renderText(outcome, alert, unknown),
  );
  return 0;
}

/**
 * "sg-0abc is neither in the snapshot nor in the baseline" when no group the event names was read
 * or is a baseline role: then there was nothing to judge, which is not "no new drift".
 */
function unknownGroupsNote(
  outcome: ChangeOutcome,
  baseline: EnvironmentBaseline,
  source: string,
): string | null {
  if (outcome.status !== 'evaluated') return null;
  const roleNames = new Set(baseline.roles.flatMap((role) => role.selector.groupName ?? []));
  const known = outcome.assessment.groups.filter((group) => group.groupName !== null || group.role !== null);
  const unknownIds = outcome.assessment.groups
    .filter((group) => !known.includes(group))
    .map((group) => group.groupId);
  const readNames = new Set(outcome.assessment.groups.map((group) => group.groupName));
  const unknownNames = outcome.event.groupNames.filter(
    (name) => !readNames.has(name) && !roleNames.has(name),
  );
  const knownNames = outcome.event.groupNames.length - unknownNames.length;
  const unknown = [...unknownIds, ...unknownNames.map((name) => `the group named ${name}`)];
  if (unknown.length === 0 || known.length > 0 || knownNames > 0) return null;
  const subject = unknown.length === 1 ? `${unknown[0]} is` : `${unknown.join(', ')} are`;
  return `${subject} neither in ${source} nor in the baseline: nothing to judge the change against`;
}

function eventSummary(outcome: ChangeOutcome) {
  if (outcome.status === 'unparseable') return { skipped: `unparseable: ${outcome.reason}` };
  if (!('event' in outcome) || !outcome.event)
    return { skipped: outcome.status === 'skipped' ? outcome.reason : outcome.status };
  const { eventName, eventId, eventTime, actor, groupIds, groupNames, changes, attachments } = outcome.event;
  const skipped = outcome.status === 'skipped' ? { skipped: outcome.reason } : {};
  // An attachment event: the interfaces and instances it names, with the groups read for them.
  const attached = outcome.status === 'evaluated' ? outcome.assessment.attachments : attachments;
  return {
    eventName,
    eventId,
    eventTime,
    actor,
    groupIds,
    groupNames,
    changes,
    ...(attached ? { attachments: attached } : {}),
    ...skipped,
  };
}

// Event names, ids and reasons come from the event file: one line each through the one sanitiser.
// The alert's text is already lines the change alert made safe; its JSON is escaped for the terminal.
function renderText(outcome: ChangeOutcome, alert: OutgoingAlert | null, unknown: string | null): string {
  if (outcome.status === 'unparseable')
    return displayText(`not processed: unparseable event (${outcome.reason})`);
  if (outcome.status === 'skipped') return displayText(`not processed: ${outcome.reason}`);
  if (!alert)
    return displayText(
      `${outcome.event.eventName} ${outcome.event.eventId}: no alert (${unknown ?? 'no new drift against the baseline'})`,
    );
  const json = displayJson(alert.json, undefined, 2);
  return [displayText(`Subject: ${alert.subject}`), '', alert.text, '', 'JSON:', json].join('\n');
}

function topicArn(): string {
  const arn = process.env.ALERT_TOPIC_ARN;
  if (!arn) throw new InputError('replay: --publish needs ALERT_TOPIC_ARN in the environment');
  return arn;
}

/**
 * The snapshot's estate in memory, or live AWS: one reader for the change and the revert's rules,
 * a failed read "could not read live AWS" (exit 3). Live dry runs read rule ids from EC2; the writer
 * is never reached (enforce needs a snapshot).
 */
function adaptersFor(estate: Estate | null) {
  if (estate) {
    const store = createInMemoryRuleStore(estate);
    return { reader: createInMemoryReader(estate), revert: { rules: store, writer: store } };
  }
  const live = liveReader('replay', createEc2Reader());
  return { reader: live, revert: { rules: live, writer: createEc2Writer() } };
}
