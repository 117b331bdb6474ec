/**
 * An account-region at AWS's default quota ceiling: 2,500 security groups per region, each with
 * 60 inbound and 60 outbound rules (300,000 rules), and 3,000 network interfaces. Built one group
 * at a time so a paged endpoint or reader never needs the whole estate in memory at once.
 */
import type { RawSecurityGroup } from '../model/normalize';
import { SYNTHETIC_VPC, syntheticGroupId } from './daily-audit-bench';

export const CEILING_GROUPS = 2_500;
export const CEILING_RULES_PER_DIRECTION = 60;
export const CEILING_INTERFACES = 3_000;

/** The `index`th group at the ceiling: 60 inbound rules from private /24s, 60 outbound to them. */
export function ceilingGroup(index: number): RawSecurityGroup {
  const permissions = (direction: 'in' | 'out') =>
    Array.from({ length: CEILING_RULES_PER_DIRECTION }, (_, rule) => ({
      IpProtocol: 'tcp',
      FromPort: 1024 + rule,
      ToPort: 1024 + rule,
      IpRanges: [
        {
          CidrIp: `10.${index % 256}.${rule + (direction === 'out' ? 100 : 0)}.0/24`,
          Description: `${direction} ${rule} of app ${index}`,
        },
      ],
    }));
  return {
    GroupId: syntheticGroupId(index),
    GroupName: `app-${index}-sg`,
    Description: `group ${index} at the quota ceiling`,
    OwnerId: '123456789012',
    VpcId: SYNTHETIC_VPC,
    Tags: [
      { Key: 'Name', Value: `app-${index}` },
      { Key: 'ManagedBy', Value: 'terraform' },
    ],
    IpPermissions: permissions('in'),
    IpPermissionsEgress: permissions('out'),
  };
}

/** A network interface as DescribeNetworkInterfaces returns it, carrying one of `groups` groups. */
export function syntheticInterface(index: number, groups: number) {
  return {
    NetworkInterfaceId: `eni-${index.toString(16).padStart(17, '0')}`,
    Groups: [{ GroupId: syntheticGroupId(index % groups), GroupName: `app-${index % groups}-sg` }],
  };
}
