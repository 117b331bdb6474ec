import { relative, resolve } from 'node:path';
import { loadAccountsFile } from '../baseline/accounts';
import { compileAccountsMap } from '../baseline/compiled-accounts';
import { DEFAULT_BASELINE_FILE } from '../baseline/files';
import { loadBaselineFile } from '../baseline/loader';
import { InputError } from '../errors';
import { parseCommandArgs } from './args';
import { emitDocument, inputLimit } from './files';
import type { CliIo } from './io';

export const ACCOUNTS_USAGE = `sgdrift accounts compile FILE [--baseline FILE] [--output FILE.json]
  Validates an accounts map against the baseline's environments and writes it as JSON for the
  organization audit's Lambdas (npm run accounts:compile).`;

/** `sgdrift accounts compile`. */
export async function accountsCommand(args: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'compile')
    throw new InputError(`accounts: expected 'compile', got '${subcommand ?? ''}'`);
  const { values, positionals } = parseCommandArgs('accounts compile', rest, {
    baseline: { type: 'string', short: 'b' },
    output: { type: 'string', short: 'o' },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new InputError('accounts compile: expected exactly one FILE');
  const baselineFile = values.baseline ?? DEFAULT_BASELINE_FILE;
  if (baselineFile.endsWith('.json')) {
    throw new InputError(`accounts compile: ${baselineFile}: needs the YAML baseline (its environments)`);
  }
  const maxBytes = inputLimit();
  const document = loadBaselineFile(baselineFile, { maxBytes });
  const map = loadAccountsFile(file, Object.keys(document.environments), maxBytes);
  const json = compileAccountsMap(map, relative(process.cwd(), resolve(file)));
  emitDocument(values.output, json, io);
  return 0;
}
