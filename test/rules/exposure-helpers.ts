/** Interfaces for exposure checks, made from the recorded real describe-network-interfaces outputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NetworkInterface, normalizeNetworkInterfaces } from '../../src/model/interfaces';

const MIXED = JSON.parse(
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

/** The recorded interface `id`, carrying `groupIds` instead of its recorded groups. */
export function recordedInterface(id: string, groupIds: string[]): NetworkInterface {
  const raw = MIXED.find((entry) => entry.NetworkInterfaceId === id);
  if (!raw) throw new Error(`no recorded interface ${id}`);
  const [networkInterface] = normalizeNetworkInterfaces([
    { ...raw, Groups: groupIds.map((GroupId) => ({ GroupId, GroupName: GroupId })) },
  ]);
  return networkInterface as NetworkInterface;
}
