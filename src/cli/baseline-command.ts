import { relative, resolve } from 'node:path';
import { compileBaseline } from '../baseline/compiled';
import { generateBaseline } from '../baseline/generate';
import { loadBaselineFile } from '../baseline/loader';
import { InputError } from '../errors';
import { displayText } from '../model/display-text';
import { noPositionals, parseCommandArgs, required } from './args';
import { emitDocument, inputLimit, readSnapshotFile, writeOutputFile } from './files';
import type { CliIo } from './io';

export const BASELINE_USAGE = `sgdrift baseline validate FILE
  Checks a baseline file against the schema; errors name the file, the path inside it and the problem.
sgdrift baseline compile FILE [--output FILE.json]
  Validates the baseline and writes it as JSON for the Lambdas (npm run baseline:compile).
sgdrift baseline init --snapshot FILE --environment ENV [--vpc-id VPC] [--output FILE]
  Writes a starting baseline from an observed estate (one role per group); review it before adopting.`;

/** `sgdrift baseline validate|init`. */
export async function baselineCommand(args: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'validate') return validate(rest, io);
  if (subcommand === 'init') return init(rest, io);
  if (subcommand === 'compile') return compile(rest, io);
  throw new InputError(`baseline: expected 'validate', 'compile' or 'init', got '${subcommand ?? ''}'`);
}

function validate(args: string[], io: CliIo): number {
  const { positionals } = parseCommandArgs('baseline validate', args, {});
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new InputError('baseline validate: expected exactly one FILE');
  const document = loadBaselineFile(file, { maxBytes: inputLimit() });
  const roles = Object.values(document.roles);
  const rules = roles.reduce((count, role) => count + role.ingress.length + role.egress.length, 0);
  const environments = Object.keys(document.environments).join(', ');
  io.stdout(`${file}: valid — ${roles.length} roles, ${rules} rules, environments: ${environments}`);
  return 0;
}

function compile(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('baseline compile', args, {
    output: { type: 'string', short: 'o' },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new InputError('baseline compile: expected exactly one FILE');
  const document = loadBaselineFile(file, { maxBytes: inputLimit() });
  const json = compileBaseline(document, relative(process.cwd(), resolve(file)));
  emitDocument(values.output, json, io);
  return 0;
}

function init(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('baseline init', args, {
    snapshot: { type: 'string', short: 's' },
    environment: { type: 'string', short: 'e' },
    'vpc-id': { type: 'string' },
    output: { type: 'string', short: 'o' },
  });
  noPositionals('baseline init', positionals);
  const snapshot = required('baseline init', 'snapshot', values.snapshot);
  const { yaml, reviews, notes } = generateBaseline(readSnapshotFile(snapshot), {
    environment: required('baseline init', 'environment', values.environment),
    vpcId: values['vpc-id'],
  });
  if (values.output) writeOutputFile(values.output, yaml);
  else io.stdout(yaml);
  // What a person must know, on stderr so that stdout stays the YAML: estate text, made safe.
  for (const note of notes) io.stderr(`note: ${displayText(note)}`);
  for (const review of reviews) io.stderr(`REVIEW: ${displayText(review)}`);
  if (reviews.length > 0) {
    io.stderr(
      `${reviews.length} rule(s) open a restricted port or all traffic to the whole internet: declared, but permissive-rules reports them on every audit until they are narrowed or an exception covers them`,
    );
  }
  if (values.output) {
    io.stderr(`wrote ${values.output}; review every rule's purpose and justification before adopting it`);
  }
  return 0;
}
