/** The interfaces and instances an attachment event names, read where its AttachmentSpec says. */
import type { AttachmentSpec } from './event-table';
import { field, items, type JsonObject, text, unique } from './read';
import type { GroupAttachment } from './types';

/**
 * What the call attached: per launched interface (RunInstances' response, the only place an
 * autoscaling launch from a template names its groups), else the one interface or instance the
 * call names with the groups its request (and response) set. Empty when the event names nothing.
 */
export function readAttachments(spec: AttachmentSpec, record: JsonObject): GroupAttachment[] {
  const launched = spec.launchedAt === null ? [] : launchedInterfaces(valuesAt(record, spec.launchedAt));
  if (launched.length > 0) return launched;
  const interfaceId = spec.interfaceIdAt === null ? null : textAt(record, spec.interfaceIdAt);
  const instanceId = spec.instanceIdAt === null ? null : textAt(record, spec.instanceIdAt);
  const groupIds = unique(spec.groupSetsAt.flatMap((path) => valuesAt(record, path).flatMap(groupIdsOf)));
  if (interfaceId === null && instanceId === null && groupIds.length === 0) return [];
  return [{ interfaceId, instanceId, groupIds }];
}

/** Each launched instance's interfaces with their groups; an instance without interfaces as itself. */
function launchedInterfaces(instanceSets: readonly unknown[]): GroupAttachment[] {
  return instanceSets.flatMap(items).flatMap((instance) => {
    const instanceId = text(field(instance, 'instanceId'));
    const instanceGroups = groupIdsOf(field(instance, 'groupSet'));
    const interfaces = items(field(instance, 'networkInterfaceSet'));
    if (interfaces.length === 0) {
      return instanceId === null && instanceGroups.length === 0
        ? []
        : [{ interfaceId: null, instanceId, groupIds: instanceGroups }];
    }
    return interfaces.map((networkInterface) => {
      const groupIds = groupIdsOf(field(networkInterface, 'groupSet'));
      return {
        interfaceId: text(field(networkInterface, 'networkInterfaceId')),
        instanceId,
        groupIds: groupIds.length > 0 ? groupIds : instanceGroups,
      };
    });
  });
}

/** The group ids of a CloudTrail list of `{ groupId }` (or `{ securityGroupId }`). */
function groupIdsOf(list: unknown): string[] {
  return unique(
    items(list).map((item) => text(field(item, 'groupId')) ?? text(field(item, 'securityGroupId'))),
  );
}

/** The values at a path where `*` is every item of a CloudTrail list. */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [value];
  for (const key of path) {
    current = key === '*' ? current.flatMap(items) : current.map((each) => field(each, key));
  }
  return current.filter((each) => each !== undefined);
}

function textAt(record: JsonObject, path: readonly string[]): string | null {
  return text(valuesAt(record, path)[0]);
}
