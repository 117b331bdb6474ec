import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError } from '../errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--help` or `-h` given as an option of a command: the caller prints the command's usage, exit 0. */
export class HelpRequested extends Error {}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * `parseArgs` with strict options; a mistake becomes a one-line usage error (exit 2). `--help` is
 * an option like the others, so the parser tells it from an option's value (`--sg-name -h` stays
 * a mistake) and from an operand after `--`.
 */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T) {
  const parsed = parseStrict(command, args, { ...options, ...HELP });
  if ((parsed.values as { help?: boolean }).help === true) throw new HelpRequested(command);
  return parsed;
}

function parseStrict<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError(`${command}: ${message} (see sgdrift --help)`);
  }
}

/** The value of a required option, or a usage error naming it. */
export function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new InputError(`${command}: --${name} is required`);
  return value;
}

/** One of the allowed values, or a usage error listing them. */
export function oneOf<T extends string>(
  command: string,
  name: string,
  value: string,
  allowed: readonly T[],
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${command}: --${name} must be one of ${allowed.join(', ')} (got '${value}')`);
}

/** Commands that take only options: a stray word is a mistake, not something to ignore. */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0) throw new InputError(`${command}: unexpected argument '${positionals[0]}'`);
}
