/** Writes the compiled accounts map (`sgdrift accounts compile`); compiled-accounts.ts reads it. */
import type { AccountsMap, AccountTarget } from './accounts';
import { listedTargets } from './accounts';
import { COMPILED_ACCOUNTS_FORMAT, type CompiledAccount } from './compiled-accounts';

/** The JSON text of a validated accounts map: its accounts listed by id, defaults applied. */
export function compileAccountsMap(map: AccountsMap, compiledFrom: string): string {
  const accounts = listedTargets(map).map(toCompiled);
  return `${JSON.stringify({ format: COMPILED_ACCOUNTS_FORMAT, compiledFrom, accounts }, null, 2)}\n`;
}

function toCompiled(target: AccountTarget): CompiledAccount {
  return {
    id: target.accountId,
    ...(target.name === undefined ? {} : { name: target.name }),
    environment: target.environment,
    regions: [...target.regions],
    autoRevert: target.autoRevert,
  };
}
