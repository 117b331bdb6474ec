/**
 * The compiled accounts map: the validated map as JSON, for the organization audit's Lambdas, which
 * carry neither yaml nor zod. The YAML stays the source people edit and review
 * (`sgdrift accounts compile`); the JSON is checked again at every load by a zod-free shape check,
 * one line naming the file and the field.
 */
import { BaselineError } from '../errors';
import { readInputFile } from '../input-file';
import { isJsonObject } from '../model/json-shape';
import { ACCOUNT_ID, ACCOUNT_NAME_MAX, AUTO_REVERT_MODES, OU_ID, REGION } from './account-syntax';
import type { AccountsMap, EntrySettings } from './account-targets';

const COMPILED_FORMAT = 'sg-drift-monitor/compiled-accounts@1';
const SETTING_KEYS = ['environment', 'regions', 'autoRevert'];

type Entry = EntrySettings & { id: string; name?: string };

interface CompiledAccounts {
  format: typeof COMPILED_FORMAT;
  compiledFrom: string;
  defaults: EntrySettings;
  accounts: Entry[];
  organizationalUnits: Entry[];
}

/** The JSON text of a validated accounts map. */
export function compileAccountsMap(map: AccountsMap, compiledFrom: string): string {
  const entries = (from: AccountsMap['accounts']) => [...from].map(([id, settings]) => ({ id, ...settings }));
  const compiled: CompiledAccounts = {
    format: COMPILED_FORMAT,
    compiledFrom,
    defaults: map.defaults,
    accounts: entries(map.accounts),
    organizationalUnits: entries(map.organizationalUnits),
  };
  return `${JSON.stringify(compiled, null, 2)}\n`;
}

/**
 * Reads a compiled accounts map; every environment it names must be known to the compiled baseline
 * (`isEnvironment`), so a map compiled against another baseline fails at cold start.
 */
export function loadCompiledAccounts(file: string, isEnvironment: (name: string) => boolean): AccountsMap {
  const text = readInputFile(file, undefined, BaselineError);
  let compiled: unknown;
  try {
    compiled = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `${file}: cannot read the compiled accounts map (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const fail = (path: string, message: string): never => {
    throw new BaselineError(`${file}: ${path}: ${message}`);
  };
  if (!isJsonObject(compiled) || compiled.format !== COMPILED_FORMAT) {
    return fail('format', `expected ${COMPILED_FORMAT} (compile it with sgdrift accounts compile)`);
  }
  const settingsOf = (value: unknown, path: string, extraKeys: readonly string[]): EntrySettings => {
    if (!isJsonObject(value)) return fail(path, 'expected an object');
    const unknownKey = Object.keys(value).find((key) => ![...SETTING_KEYS, ...extraKeys].includes(key));
    if (unknownKey !== undefined) fail(`${path}.${unknownKey}`, 'unknown key');
    const { environment, regions, autoRevert } = value;
    if (environment !== undefined && (typeof environment !== 'string' || !isEnvironment(environment))) {
      fail(`${path}.environment`, `unknown environment ${JSON.stringify(environment)}`);
    }
    if (
      regions !== undefined &&
      (!Array.isArray(regions) ||
        regions.length === 0 ||
        !regions.every((region) => typeof region === 'string' && REGION.test(region)))
    ) {
      fail(`${path}.regions`, 'expected a non-empty list of region names');
    }
    if (Array.isArray(regions) && new Set(regions).size !== regions.length) {
      fail(`${path}.regions`, 'a region is listed twice');
    }
    if (autoRevert !== undefined && !(AUTO_REVERT_MODES as readonly unknown[]).includes(autoRevert)) {
      fail(`${path}.autoRevert`, `expected one of ${AUTO_REVERT_MODES.join(', ')}`);
    }
    return value as EntrySettings;
  };
  const defaults = settingsOf(compiled.defaults, 'defaults', []);
  const entriesOf = (list: 'accounts' | 'organizationalUnits', id: RegExp) => {
    const value = compiled[list];
    if (!Array.isArray(value)) return fail(list, 'expected a list');
    const out = new Map<string, EntrySettings & { name?: string }>();
    value.forEach((raw, index) => {
      const path = `${list}[${index}]`;
      const { id: entryId, name, ...settings } = (isJsonObject(raw) ? raw : {}) as Record<string, unknown>;
      if (typeof entryId !== 'string' || !id.test(entryId) || out.has(entryId)) {
        fail(`${path}.id`, `${JSON.stringify(entryId)} is not a unique id`);
      }
      // As the YAML's schema has it: trimmed, 1 to ACCOUNT_NAME_MAX characters.
      if (
        name !== undefined &&
        (list !== 'accounts' ||
          typeof name !== 'string' ||
          name.trim() !== name ||
          name.length === 0 ||
          name.length > ACCOUNT_NAME_MAX)
      ) {
        fail(`${path}.name`, `expected an account name of 1-${ACCOUNT_NAME_MAX} characters`);
      }
      const checked = settingsOf(settings, path, []);
      if ((checked.environment ?? defaults.environment) === undefined) fail(path, 'no environment');
      if ((checked.regions ?? defaults.regions) === undefined) fail(path, 'no regions');
      out.set(entryId as string, name === undefined ? checked : { ...checked, name: name as string });
    });
    return out;
  };
  return {
    source: file,
    defaults,
    accounts: entriesOf('accounts', ACCOUNT_ID),
    organizationalUnits: entriesOf('organizationalUnits', OU_ID),
  };
}
