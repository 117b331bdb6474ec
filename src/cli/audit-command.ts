import { auditEstate, auditLive, RULES_ALONE_NOTE } from '../app/run-audit';
import { createEc2Reader } from '../aws/ec2-reader';
import { InputError } from '../errors';
import { renderJson } from '../report/json';
import { renderMarkdown } from '../report/markdown';
import { renderText } from '../report/text';
import { CHECKS, checksById } from '../rules/registry';
import { reaches } from '../rules/severity';
import { SEVERITY_ORDER, type Severity } from '../rules/types';
import { noPositionals, oneOf, parseCommandArgs, required } from './args';
import { readBaseline, readSnapshotFile } from './files';
import type { CliIo } from './io';
import { liveReader } from './live-estate';
import { assertGroupNamesKnown, assertPinsMatch } from './pinned-scope';

const FORMATS = ['text', 'json', 'markdown'] as const;
export const FAIL_ON = [...SEVERITY_ORDER.filter((severity) => severity !== 'INFO'), 'NONE'];

export const AUDIT_USAGE = `sgdrift audit --environment ENV [--baseline FILE] [--snapshot FILE] [--sg-name NAME]...
              [--check ID]... [--format text|json|markdown] [--fail-on CRITICAL|HIGH|MEDIUM|LOW|none]
  Audits the security groups of a snapshot (aws ec2 describe-security-groups JSON, optionally with
  NetworkInterfaces) or, without --snapshot, of live AWS (default credentials and region).
  Exit 0: no finding at or above --fail-on (default LOW); 1: there is one; 2: bad usage or input;
  3: live AWS could not be read.`;

/** `sgdrift audit`: the seed's audit script, against a snapshot or live AWS. */
export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', args, {
    environment: { type: 'string', short: 'e' },
    baseline: { type: 'string', short: 'b' },
    snapshot: { type: 'string', short: 's' },
    'sg-name': { type: 'string', multiple: true },
    check: { type: 'string', multiple: true },
    format: { type: 'string', short: 'f', default: 'text' },
    'fail-on': { type: 'string', default: 'LOW' },
  });
  noPositionals('audit', positionals);
  const environment = required('audit', 'environment', values.environment);
  const format = oneOf('audit', 'format', values.format, FORMATS);
  const failOn = oneOf('audit', 'fail-on', values['fail-on'].toUpperCase(), FAIL_ON);
  const checks = selectChecks(values.check);
  const baseline = readBaseline(values.baseline, environment);
  const options = { checks, groupNames: values['sg-name'] };
  const estate = values.snapshot ? readSnapshotFile(values.snapshot) : undefined;
  if (estate?.rulesOnly) io.stderr(`sgdrift: note: ${values.snapshot}: ${RULES_ALONE_NOTE}`);
  const result = estate
    ? auditEstate(baseline, estate, options)
    : await auditLive(baseline, liveReader('audit', createEc2Reader()), options);
  assertPinsMatch('audit', baseline, result.resolution);

  assertGroupNamesKnown('audit', baseline, result.estate.groups, values['sg-name']);
  const render = { text: renderText, json: renderJson, markdown: renderMarkdown }[format];
  io.stdout(render(result));
  if (failOn === 'NONE') return 0;
  return result.findings.some((finding) => reaches(finding.severity, failOn as Severity)) ? 1 : 0;
}

export function selectChecks(ids: string[] | undefined) {
  if (!ids) return undefined;
  const { checks, unknown } = checksById(ids.flatMap((id) => id.split(',')));
  if (unknown.length > 0) {
    const known = CHECKS.map((check) => check.id).join(', ');
    throw new InputError(`audit: unknown check ${unknown.join(', ')} (checks: ${known})`);
  }
  return checks;
}
