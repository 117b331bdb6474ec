/**
 * The accounts map: loads `baselines/accounts.yml` (one line per error, exit 2) and answers, for an
 * account (and its OU path when Organizations gave one), which environment judges it, in which
 * regions, with which auto-revert mode. An account listed by id wins over any OU entry.
 */
import type { AccountsMap } from './account-targets';
import { type AccountsMapDocument, accountsMapSchema, crossCheckAccounts } from './accounts-schema';
import { parseValidatedYaml, readConfigFile } from './validated-yaml';

// Resolution is zod- and yaml-free (the Lambdas read the compiled map): it lives in account-targets.ts.
export {
  type AccountContext,
  type AccountsMap,
  type AccountTarget,
  listedTargets,
  resolveAccount,
} from './account-targets';

/** Parses and validates accounts-map YAML against the baseline's environment names. */
export function parseAccountsMap(text: string, source: string, environments: Iterable<string>): AccountsMap {
  const known = new Set(environments);
  const doc = parseValidatedYaml(text, source, accountsMapSchema, (data) => crossCheckAccounts(data, known));
  return toAccountsMap(doc, source);
}

/**
 * Reads and validates an accounts-map file; a missing file is a one-line error too. `maxBytes`:
 * the CLI's input limit (SGDRIFT_MAX_INPUT_BYTES), as for every other file it reads.
 */
export function loadAccountsFile(
  file: string,
  environments: Iterable<string>,
  maxBytes?: number,
): AccountsMap {
  return parseAccountsMap(readConfigFile(file, maxBytes), file, environments);
}

function toAccountsMap(doc: AccountsMapDocument, source: string): AccountsMap {
  return {
    source,
    defaults: doc.defaults,
    accounts: new Map(doc.accounts.map(({ id, ...settings }) => [id, settings])),
    organizationalUnits: new Map(doc.organizationalUnits.map(({ id, ...settings }) => [id, settings])),
  };
}
