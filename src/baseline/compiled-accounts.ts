/**
 * The compiled accounts map (read side, zod- and yaml-free): the accounts the map lists by id, each with its settings resolved
 * (defaults applied), as JSON for the central change function. Like the compiled baseline, it keeps
 * yaml and zod out of the Lambda bundle and is still checked strictly at every load: unknown keys,
 * ids, regions, modes and environments the baseline does not have are one-line errors.
 *
 * OU entries are not compiled: an event names its account, not the account's OU, and the change
 * path does not call Organizations (docs/decisions.md, "Central change path").
 */
import { InputError } from '../errors';
import { readInputFile } from '../input-file';
import { ACCOUNT_ID, type AccountAutoRevert, AUTO_REVERT_MODES, REGION } from './account-syntax';
import { formatPath, type Problem } from './cross-check';
import { describeValue } from './syntax';

/** Written by compile-accounts.ts; nothing else is read. */
export const COMPILED_ACCOUNTS_FORMAT = 'sg-drift-monitor/compiled-accounts@1';
const TOP_KEYS = ['format', 'compiledFrom', 'accounts'];
const ACCOUNT_KEYS = ['id', 'name', 'environment', 'regions', 'autoRevert'];
const MAX_NAME_LENGTH = 50;

/** One account as the change function sees it. */
export interface CompiledAccount {
  id: string;
  name?: string;
  environment: string;
  regions: string[];
  autoRevert: AccountAutoRevert;
}

/**
 * The accounts of a compiled map, by id. `environments` are the baseline's: an account judged by an
 * environment the baseline lacks is an error here, at cold start, not at its first event.
 */
export function loadCompiledAccounts(
  file: string,
  environments: Iterable<string>,
): ReadonlyMap<string, CompiledAccount> {
  const text = readInputFile(file, undefined, InputError);
  let compiled: unknown;
  try {
    compiled = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}: cannot read the compiled accounts map (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const problem = firstProblem(compiled, new Set(environments));
  if (problem) throw new InputError(`${file}: ${formatPath(problem.path)}: ${problem.message}`);
  const accounts = (compiled as { accounts: CompiledAccount[] }).accounts;
  return new Map(accounts.map((account) => [account.id, account]));
}

function firstProblem(compiled: unknown, environments: ReadonlySet<string>): Problem | undefined {
  if (!isRecord(compiled) || compiled.format !== COMPILED_ACCOUNTS_FORMAT) {
    return {
      path: ['format'],
      message: `expected ${COMPILED_ACCOUNTS_FORMAT} (compile it with sgdrift accounts compile)`,
    };
  }
  const unknownKey = Object.keys(compiled).find((key) => !TOP_KEYS.includes(key));
  if (unknownKey !== undefined) return { path: [unknownKey], message: 'unknown key' };
  if (typeof compiled.compiledFrom !== 'string') {
    return {
      path: ['compiledFrom'],
      message: `expected a string, got ${describeValue(compiled.compiledFrom)}`,
    };
  }
  if (!Array.isArray(compiled.accounts)) {
    return { path: ['accounts'], message: `expected a list, got ${describeValue(compiled.accounts)}` };
  }
  const seen = new Set<string>();
  for (const [index, account] of compiled.accounts.entries()) {
    const problem = accountProblem(account, environments, seen);
    if (problem) return { path: ['accounts', index, ...problem.path], message: problem.message };
  }
  return undefined;
}

function accountProblem(
  account: unknown,
  environments: ReadonlySet<string>,
  seen: Set<string>,
): Problem | undefined {
  if (!isRecord(account)) return { path: [], message: `expected an object, got ${describeValue(account)}` };
  const unknownKey = Object.keys(account).find((key) => !ACCOUNT_KEYS.includes(key));
  if (unknownKey !== undefined) return { path: [unknownKey], message: 'unknown key' };
  const { id, name, environment, regions, autoRevert } = account;
  if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) {
    return { path: ['id'], message: `${describeValue(id)} is not an account id (12 digits)` };
  }
  if (seen.has(id)) return { path: ['id'], message: `duplicate ${id}` };
  seen.add(id);
  if (
    name !== undefined &&
    (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH)
  ) {
    return {
      path: ['name'],
      message: `expected 1-${MAX_NAME_LENGTH} characters, got ${describeValue(name)}`,
    };
  }
  if (typeof environment !== 'string' || !environments.has(environment)) {
    const known = [...environments].join(', ');
    return {
      path: ['environment'],
      message: `unknown environment ${describeValue(environment)} (the baseline has: ${known})`,
    };
  }
  if (!Array.isArray(regions) || regions.length === 0) {
    return { path: ['regions'], message: 'expected a non-empty list of regions' };
  }
  for (const [at, region] of regions.entries()) {
    if (typeof region !== 'string' || !REGION.test(region) || regions.indexOf(region) !== at) {
      return {
        path: ['regions', at],
        message: `${describeValue(region)} is not a region name, or a duplicate`,
      };
    }
  }
  if (!(AUTO_REVERT_MODES as readonly unknown[]).includes(autoRevert)) {
    return {
      path: ['autoRevert'],
      message: `must be one of ${AUTO_REVERT_MODES.join(', ')}, got ${describeValue(autoRevert)}`,
    };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
