import type { SecurityGroupReader, SecurityGroupRuleReader } from '../app/ports';
import { readEstate } from '../app/run-audit';
import { errorText, NotAuditedError } from '../errors';
import type { Estate } from '../model/types';

/**
 * The live estate through `reader`, for `command`. Any failure to read it is a NotAuditedError
 * (exit 3) naming what failed, so a script can tell "could not look" from findings (exit 1).
 */
export function readLiveEstate(command: string, reader: SecurityGroupReader): Promise<Estate> {
  return whileReading(command, () => readEstate(reader));
}

/**
 * `reader`'s rule reads (the revert's plan reads each group's rules again) with the same meaning:
 * a failure is "could not read live AWS", not a refused or failed revert.
 */
export function liveRuleReader(command: string, reader: SecurityGroupRuleReader): SecurityGroupRuleReader {
  return {
    describeGroupRules: (groupIds) => whileReading(command, () => reader.describeGroupRules(groupIds)),
  };
}

async function whileReading<T>(command: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const reason = errorText(error);
    throw new NotAuditedError(`${command}: could not read live AWS (${reason.split('\n')[0]})`, {
      cause: error,
    });
  }
}
