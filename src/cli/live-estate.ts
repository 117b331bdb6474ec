import type { SecurityGroupReader, SecurityGroupRuleReader } from '../app/ports';
import { errorText, NotAuditedError } from '../errors';

type LiveReader = SecurityGroupReader & SecurityGroupRuleReader;

/**
 * `reader` for `command`, every read of it (the estate, a change's groups, the rules a revert plans
 * from) failing as a NotAuditedError (exit 3) naming what failed: a script can tell "could not look"
 * from findings (exit 1) and from clean (0).
 */
export function liveReader(command: string, reader: LiveReader): LiveReader {
  const reading =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await read(...args);
      } catch (error) {
        throw new NotAuditedError(
          `${command}: could not read live AWS (${errorText(error).split('\n')[0]})`,
          {
            cause: error,
          },
        );
      }
    };
  return {
    describeGroups: reading((ids) => reader.describeGroups(ids)),
    describeGroupsByName: reading((names) => reader.describeGroupsByName(names)),
    describeGroupsByNameTag: reading((names) => reader.describeGroupsByNameTag(names)),
    describeInterfaces: reading((query) => reader.describeInterfaces(query)),
    listGroups: reading(() => reader.listGroups()),
    listNetworkInterfaces: reading(() => reader.listNetworkInterfaces()),
    listRouteTables: reading(() => reader.listRouteTables()),
    describeGroupRules: reading((ids) => reader.describeGroupRules(ids)),
  };
}
