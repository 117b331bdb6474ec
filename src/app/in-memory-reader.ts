import { ResourceKind } from '../model/interfaces';
import type { Estate, SecurityGroup } from '../model/types';
import type { SecurityGroupReader } from './ports';

/** A SecurityGroupReader over an estate held in memory: snapshots, replay and benchmarks. */
export function createInMemoryReader(estate: Estate): SecurityGroupReader {
  const select = (keep: (group: SecurityGroup) => boolean) => Promise.resolve(estate.groups.filter(keep));
  return {
    describeGroups: (ids) => select((group) => ids.includes(group.groupId)),
    describeGroupsByName: (names) => select((group) => names.includes(group.groupName)),
    describeGroupsByNameTag: (names) =>
      select((group) => group.tags.Name !== undefined && names.includes(group.tags.Name)),
    describeInterfaces: ({ interfaceIds = [], instanceIds = [] }) =>
      Promise.resolve(
        (estate.interfaces ?? []).filter(
          (networkInterface) =>
            interfaceIds.includes(networkInterface.interfaceId) ||
            (networkInterface.kind === ResourceKind.Instance &&
              networkInterface.resource !== null &&
              instanceIds.includes(networkInterface.resource)),
        ),
      ),
    listGroups: () => Promise.resolve([...estate.groups]),
    listNetworkInterfaces: () => Promise.resolve([...(estate.interfaces ?? [])]),
    listRouteTables: () => Promise.resolve(estate.routes),
  };
}
