import { unique } from '../events/read';
import type { GroupAttachment } from '../events/types';
import { type NetworkInterface, ResourceKind } from '../model/interfaces';
import type { InterfaceQuery, SecurityGroupReader } from './ports';

/** What the change path knows about an attachment event after reading its interfaces. */
export interface AttachmentRead {
  /** The event's attachments; those the event named no group for carry the groups read. */
  attachments: GroupAttachment[];
  /** The interfaces the event names (or of the instances it names), as read after the call. */
  interfaces: NetworkInterface[];
  /** Every group on the attachments and on the interfaces read. */
  groupIds: string[];
}

/**
 * Reads the interfaces an attachment event names in ONE DescribeNetworkInterfaces: by interface id
 * when every attachment names its interface, else by instance (which covers the named interfaces of
 * those instances too). An event that names neither (a launch whose response was cut) reads nothing.
 */
export async function readAttachedInterfaces(
  attachments: readonly GroupAttachment[],
  reader: SecurityGroupReader,
): Promise<AttachmentRead> {
  const query = interfaceQuery(attachments);
  const wanted = [...(query.interfaceIds ?? []), ...(query.instanceIds ?? [])];
  const interfaces = wanted.length > 0 ? await reader.describeInterfaces(query) : [];
  const resolved = attachments.map((attachment) =>
    attachment.groupIds.length > 0
      ? attachment
      : {
          ...attachment,
          groupIds: unique(carrying(attachment, interfaces).flatMap((each) => each.groupIds)),
        },
  );
  const groupIds = unique([
    ...resolved.flatMap((attachment) => attachment.groupIds),
    ...interfaces.flatMap((networkInterface) => networkInterface.groupIds),
  ]);
  return { attachments: resolved, interfaces, groupIds };
}

function interfaceQuery(attachments: readonly GroupAttachment[]): InterfaceQuery {
  const byInstance = attachments.some(
    (attachment) => attachment.interfaceId === null && attachment.instanceId !== null,
  );
  return byInstance
    ? { instanceIds: unique(attachments.map((attachment) => attachment.instanceId)) }
    : { interfaceIds: unique(attachments.map((attachment) => attachment.interfaceId)) };
}

function carrying(attachment: GroupAttachment, interfaces: readonly NetworkInterface[]): NetworkInterface[] {
  return interfaces.filter((networkInterface) =>
    attachment.interfaceId !== null
      ? networkInterface.interfaceId === attachment.interfaceId
      : networkInterface.kind === ResourceKind.Instance &&
        networkInterface.resource === attachment.instanceId,
  );
}
