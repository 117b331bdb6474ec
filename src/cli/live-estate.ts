import type { SecurityGroupReader } from '../app/ports';
import { readEstate } from '../app/run-audit';
import { NotAuditedError } from '../errors';
import type { Estate } from '../model/types';

/**
 * The live estate through `reader`, for `command`. Any failure to read it is a NotAuditedError
 * (exit 3) naming what failed, so a script can tell "could not look" from findings (exit 1).
 */
export async function readLiveEstate(command: string, reader: SecurityGroupReader): Promise<Estate> {
  try {
    return await readEstate(reader);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new NotAuditedError(`${command}: could not read live AWS (${reason.split('\n')[0]})`, {
      cause: error,
    });
  }
}
