/**
 * What the accounts map says about an account: its environment, regions and auto-revert mode, by id
 * or by the nearest OU on its path. Free of zod and yaml: the Lambdas resolve accounts from the
 * compiled map (compiled-accounts.ts) without carrying the validators.
 */
import type { AccountAutoRevert } from './account-syntax';

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

export interface EntrySettings {
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
