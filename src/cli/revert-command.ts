import { createInMemoryRuleStore } from '../app/in-memory-rules';
import type { SecurityGroupReader, SecurityGroupRuleReader } from '../app/ports';
import { revertDrift } from '../app/revert';
import { auditEstate, readEstate } from '../app/run-audit';
import { createEc2Reader } from '../aws/ec2-reader';
import { createEc2Writer } from '../aws/ec2-writer';
import { InputError } from '../errors';
import { displayJson } from '../model/display-text';
import type { Estate } from '../model/types';
import { countByStatus, RevertOutcomeStatus, revertLines } from '../remediation/report';
import { noPositionals, oneOf, parseCommandArgs, required } from './args';
import { readBaseline, readSnapshotFile } from './files';
import type { CliIo } from './io';
import { liveReader } from './live-estate';
import { assertGroupNamesKnown, assertPinsMatch } from './pinned-scope';

const DEFAULT_MAX_RULES = 10;

export const REVERT_USAGE = `sgdrift revert --environment ENV [--baseline FILE] [--snapshot FILE] [--sg-name NAME]...
               [--apply] [--max-rules N] [--no-restore] [--format text|json]
  Prints the revert plan for the current drift of a snapshot or, without --snapshot, of live AWS
  (dry run). --apply (live only) revokes and restores the rules, re-reads them to verify, and prints
  each rule's result. More than --max-rules changes (default 10): nothing is changed.
  Exit 0: planned or applied; 1: refused or a rule failed; 2: bad usage or input; 3: live AWS could
  not be read (before planning, or after --apply to verify it).`;

/** `sgdrift revert`: the auto-revert plan for the whole drift, applied to live AWS on request. */
export async function revertCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('revert', args, {
    environment: { type: 'string', short: 'e' },
    baseline: { type: 'string', short: 'b' },
    snapshot: { type: 'string', short: 's' },
    'sg-name': { type: 'string', multiple: true },
    apply: { type: 'boolean', default: false },
    'max-rules': { type: 'string', default: String(DEFAULT_MAX_RULES) },
    'no-restore': { type: 'boolean', default: false },
    format: { type: 'string', short: 'f', default: 'text' },
  });
  noPositionals('revert', positionals);
  const environment = required('revert', 'environment', values.environment);
  const format = oneOf('revert', 'format', values.format, ['text', 'json'] as const);
  const maxRules = positive(values['max-rules']);
  if (values.snapshot && values.apply) {
    throw new InputError('revert: --apply changes live AWS and cannot be used with --snapshot');
  }
  const baseline = readBaseline(values.baseline, environment);
  const options = { groupNames: values['sg-name'] };
  // The snapshot's estate in memory (a dry run), or live AWS: one flow, the same checks as audit.
  const { estate, deps } = values.snapshot
    ? snapshotAdapters(readSnapshotFile(values.snapshot))
    : await liveAdapters(liveReader('revert', createEc2Reader()));
  const audit = auditEstate(baseline, estate, options);
  assertPinsMatch('revert', baseline, audit.resolution);
  assertGroupNamesKnown('revert', baseline, audit.estate.groups, values['sg-name']);
  const report = await revertDrift(
    { baseline, resolution: audit.resolution, findings: audit.findings },
    deps,
    { mode: values.apply ? 'enforce' : 'dry-run', maxRules, restoreMissing: !values['no-restore'] },
  );
  io.stdout(format === 'json' ? displayJson(report, undefined, 2) : revertLines(report).join('\n'));
  const counts = countByStatus(report.results);
  if (report.status === RevertOutcomeStatus.Refused || counts.failed > 0) return 1;
  // Applied, but the read that confirms it failed: what AWS holds now was not seen.
  const unconfirmed = values.apply && report.verified === null && counts.reverted + counts.restored > 0;
  return unconfirmed ? 3 : 0;
}

function positive(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InputError(`revert: --max-rules must be a positive integer (got '${value}')`);
  }
  return Number(value);
}

function snapshotAdapters(estate: Estate) {
  const store = createInMemoryRuleStore(estate);
  return { estate, deps: { rules: store, writer: store } };
}

async function liveAdapters(reader: SecurityGroupRuleReader & SecurityGroupReader) {
  return { estate: await readEstate(reader), deps: { rules: reader, writer: createEc2Writer() } };
}
