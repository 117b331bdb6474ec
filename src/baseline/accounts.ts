/**
 * The accounts map: loads `baselines/accounts.yml` (one line per error, exit 2) and answers, for an
 * account (and its OU path when Organizations gave one), which environment judges it, in which
 * regions, with which auto-revert mode. An account listed by id wins over any OU entry.
 */
import type { AccountAutoRevert } from './account-syntax';
import { type AccountsMapDocument, accountsMapSchema, crossCheckAccounts } from './accounts-schema';
import { parseValidatedYaml, readConfigFile } from './validated-yaml';

/** What the map says about one account. */
export interface AccountTarget {
  accountId: string;
  /** For alerts and reports: the map's name, else Organizations' name, else none. */
  name: string | undefined;
  environment: string;
  regions: readonly string[];
  autoRevert: AccountAutoRevert;
  /** `account` when listed by id, else the OU id whose entry applied. */
  matchedBy: string;
}

interface EntrySettings {
  environment?: string;
  regions?: readonly string[];
  autoRevert?: AccountAutoRevert;
}

/** A validated accounts map. Maps, not objects: an id is never looked up on a prototype. */
export interface AccountsMap {
  source: string;
  defaults: EntrySettings;
  accounts: ReadonlyMap<string, EntrySettings & { name?: string }>;
  organizationalUnits: ReadonlyMap<string, EntrySettings>;
}

/** Auto-revert stays off unless the map turns it on: acting in another account is opt-in. */
const DEFAULT_AUTO_REVERT: AccountAutoRevert = 'off';

/** Parses and validates accounts-map YAML against the baseline's environment names. */
export function parseAccountsMap(text: string, source: string, environments: Iterable<string>): AccountsMap {
  const known = new Set(environments);
  const doc = parseValidatedYaml(text, source, accountsMapSchema, (data) => crossCheckAccounts(data, known));
  return toAccountsMap(doc, source);
}

/** Reads and validates an accounts-map file; a missing file is a one-line error too. */
export function loadAccountsFile(file: string, environments: Iterable<string>): AccountsMap {
  return parseAccountsMap(readConfigFile(file), file, environments);
}

function toAccountsMap(doc: AccountsMapDocument, source: string): AccountsMap {
  return {
    source,
    defaults: doc.defaults,
    accounts: new Map(doc.accounts.map(({ id, ...settings }) => [id, settings])),
    organizationalUnits: new Map(doc.organizationalUnits.map(({ id, ...settings }) => [id, settings])),
  };
}

export interface AccountContext {
  /** The account's parents from the nearest OU up (Organizations ListParents), when known. */
  ouPath?: readonly string[];
  /** The account's name in Organizations, used when the map gives none. */
  organizationName?: string;
}

/**
 * The target for an account, or undefined when the map covers it neither by id nor by any OU on its
 * path. The nearest OU entry applies; fields an entry leaves out come from `defaults`.
 */
export function resolveAccount(
  map: AccountsMap,
  accountId: string,
  context: AccountContext = {},
): AccountTarget | undefined {
  const listed = map.accounts.get(accountId);
  const unitId = listed ? undefined : context.ouPath?.find((id) => map.organizationalUnits.has(id));
  const entry = listed ?? (unitId === undefined ? undefined : map.organizationalUnits.get(unitId));
  if (!entry) return undefined;
  // Validation guarantees environment and regions come from the entry or the defaults.
  return {
    accountId,
    name: listed?.name ?? context.organizationName,
    environment: entry.environment ?? map.defaults.environment ?? '',
    regions: [...(entry.regions ?? map.defaults.regions ?? [])],
    autoRevert: entry.autoRevert ?? map.defaults.autoRevert ?? DEFAULT_AUTO_REVERT,
    matchedBy: unitId ?? 'account',
  };
}

/** The targets of the accounts the map lists by id, in the map's order. */
export function listedTargets(map: AccountsMap): AccountTarget[] {
  return [...map.accounts.keys()].flatMap((id) => resolveAccount(map, id) ?? []);
}
