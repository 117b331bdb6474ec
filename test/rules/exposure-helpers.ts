/** Interfaces for exposure checks, made from the recorded real describe-network-interfaces outputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NetworkInterface, normalizeNetworkInterfaces } from '../../src/model/interfaces';
import type { SecurityGroup } from '../../src/model/types';
import { ingress, VPC_ID, WORLD_V4 } from './helpers';

/** The recorded describe-network-interfaces output (cloud-custodian placebo), as AWS returned it. */
export const RECORDED_NETWORK_INTERFACES = JSON.parse(
  readFileSync(
    join(
      __dirname,
      '../fixtures/attachments/custodian-placebo-describe-network-interfaces-mixed-elb-alb-rds-elasticache-instance.json',
    ),
    'utf8',
  ),
).NetworkInterfaces as Array<Record<string, unknown>>;

/** Recorded interfaces by id: an instance with a public IP, an ALB, a public RDS, a private ElastiCache… */
export const RECORDED = {
  publicInstance: 'eni-535f639a',
  publicAlb: 'eni-dafe5f3c',
  publicRds: 'eni-d69ab23d',
  privateElastiCache: 'eni-1040e4c0',
  detached: 'eni-d834cdcf',
} as const;

/** The recorded interface `id` as AWS returned it, carrying `groupIds` instead of its recorded groups. */
export function recordedRawInterface(id: string, groupIds: string[]): Record<string, unknown> {
  const raw = RECORDED_NETWORK_INTERFACES.find((entry) => entry.NetworkInterfaceId === id);
  if (!raw) throw new Error(`no recorded interface ${id}`);
  return { ...raw, Groups: groupIds.map((GroupId) => ({ GroupId, GroupName: GroupId })) };
}

/** The recorded interface `id`, normalized, carrying `groupIds` instead of its recorded groups. */
export function recordedInterface(id: string, groupIds: string[]): NetworkInterface {
  const [networkInterface] = normalizeNetworkInterfaces([recordedRawInterface(id, groupIds)]);
  return networkInterface as NetworkInterface;
}

/** `temp-debug-sg`: a group no baseline role owns, with SSH open to the world. */
export function tempDebugGroup(groupId = 'sg-temp-debug'): SecurityGroup {
  return {
    groupId,
    groupName: 'temp-debug-sg',
    vpcId: VPC_ID,
    tags: { Name: 'temp-debug', Environment: 'production', ManagedBy: 'terraform' },
    rules: [ingress('tcp', 22, 22, WORLD_V4, 'debug')],
  };
}
