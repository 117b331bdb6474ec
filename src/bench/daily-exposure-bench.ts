/**
 * The daily audit with exposure: the 2,500-group estate of daily-audit-bench carried by 10,000
 * network interfaces (instances, load balancers, RDS; one in ten in a public subnet with a public
 * address, one in four carrying a second group) and the VPC's route tables. Goal unchanged:
 * < 1 s of CPU for evaluation and rendering, peak RSS < 256 MB.
 */
import {
  BENCH_GROUPS,
  runDailyAuditBench,
  SYNTHETIC_VPC,
  type SyntheticAttachments,
  syntheticGroupId,
} from './daily-audit-bench';

export const BENCH_INTERFACES = 10_000;
const PUBLIC_EVERY = 10;
const SECOND_GROUP_EVERY = 4;
const PUBLIC_SUBNET = 'subnet-0000000000000000a';
const PRIVATE_SUBNET = 'subnet-0000000000000000b';

/** `count` interfaces as DescribeNetworkInterfaces returns them, over `groups` synthetic groups. */
export function syntheticInterfaces(count: number, groups: number = BENCH_GROUPS): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const id = index.toString(16).padStart(17, '0');
    const isPublic = index % PUBLIC_EVERY === 0;
    const groupIds = [syntheticGroupId(index % groups)];
    if (index % SECOND_GROUP_EVERY === 0) groupIds.push(syntheticGroupId((index * 7 + 1) % groups));
    const association = isPublic ? { Association: { PublicIp: publicIp(index), IpOwnerId: 'amazon' } } : {};
    return {
      NetworkInterfaceId: `eni-${id}`,
      Status: 'in-use',
      VpcId: SYNTHETIC_VPC,
      SubnetId: isPublic ? PUBLIC_SUBNET : PRIVATE_SUBNET,
      ...carrier(index, id),
      ...association,
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: `10.0.${(index >> 8) & 255}.${index & 255}` }],
      Ipv6Addresses: [],
      Groups: groupIds.map((GroupId) => ({ GroupId })),
    };
  });
}

// Mostly instances, with load balancers and RDS interfaces as AWS describes them.
function carrier(index: number, id: string): Record<string, unknown> {
  if (index % 20 === 1) return { Description: `ELB app/web-${index}/${id}`, RequesterId: 'amazon-elb' };
  if (index % 20 === 2) return { Description: 'RDSNetworkInterface', RequesterId: 'amazon-rds' };
  return { Description: '', Attachment: { InstanceId: `i-${id}`, Status: 'attached' } };
}

function publicIp(index: number): string {
  return `54.${200 + ((index >> 16) & 31)}.${(index >> 8) & 255}.${index & 255}`;
}

/** A public subnet routed to an internet gateway; the VPC's main table routes through a NAT gateway. */
export function syntheticRouteTables(): Record<string, unknown>[] {
  return [
    {
      RouteTableId: 'rtb-0000000000000000a',
      VpcId: SYNTHETIC_VPC,
      Associations: [{ SubnetId: PUBLIC_SUBNET, Main: false }],
      Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0000000000000000a', State: 'active' }],
    },
    {
      RouteTableId: 'rtb-0000000000000000b',
      VpcId: SYNTHETIC_VPC,
      Associations: [{ Main: true }],
      Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0000000000000000a', State: 'active' }],
    },
  ];
}

/** The daily audit once over the synthetic estate with its 10,000 interfaces and route tables. */
export function runDailyExposureBench(): Promise<Record<string, number>> {
  const attachments: SyntheticAttachments = {
    interfaces: syntheticInterfaces(BENCH_INTERFACES),
    routeTables: syntheticRouteTables(),
  };
  return runDailyAuditBench(attachments);
}
