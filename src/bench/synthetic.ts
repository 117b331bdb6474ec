import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A describe-security-groups snapshot of `groupCount` groups with `rulesPerGroup` canonical rules
 * each: the six compliant example groups plus generated ones in the same VPC. The mix of a real
 * account: mostly private CIDRs, group references and prefix lists; one public /32 per group; one
 * group in ten with HTTPS open to the world; one rule in twenty without a description.
 */
export function syntheticSnapshot(groupCount: number, rulesPerGroup = 20): { SecurityGroups: unknown[] } {
  const example = JSON.parse(readFileSync(join(projectRoot(), 'examples/production-compliant.json'), 'utf8'));
  const groups: unknown[] = [...example.SecurityGroups];
  for (let index = groups.length; index < groupCount; index += 1)
    groups.push(syntheticGroup(index, rulesPerGroup));
  return { SecurityGroups: groups.slice(0, groupCount) };
}

type Peer = Record<string, string | undefined>;

function syntheticGroup(index: number, rulesPerGroup: number) {
  const groupId = groupIdOf(index);
  const ingress: unknown[] = [];
  const egress: unknown[] = [];
  for (let rule = 0; rule < rulesPerGroup; rule += 1) {
    const port = 1024 + ((index * 7 + rule) % 60000);
    const description = rule % 20 === 7 ? undefined : `synthetic rule ${rule}`;
    const [list, peer] = peerOf(index, rule, description);
    const worldHttps = rule === 0 && index % 10 === 0;
    const permission = {
      IpProtocol: 'tcp',
      FromPort: worldHttps ? 443 : port,
      ToPort: worldHttps ? 443 : port,
      IpRanges: [] as Peer[],
      Ipv6Ranges: [] as Peer[],
      PrefixListIds: [] as Peer[],
      UserIdGroupPairs: [] as Peer[],
    };
    permission[list].push(worldHttps ? { CidrIp: '0.0.0.0/0', Description: description } : peer);
    (rule % 4 === 3 ? egress : ingress).push(permission);
  }
  return {
    GroupId: groupId,
    GroupName: `app-${index}-sg`,
    Description: 'synthetic',
    OwnerId: '123456789012',
    VpcId: 'vpc-0123456789abcdef0',
    Tags: [
      { Key: 'Name', Value: `app-${index}-sg` },
      { Key: 'Environment', Value: 'production' },
      { Key: 'ManagedBy', Value: 'terraform' },
    ],
    IpPermissions: ingress,
    IpPermissionsEgress: egress,
  };
}

function peerOf(index: number, rule: number, Description: string | undefined) {
  const slot = rule % 10;
  if (slot < 4) return ['IpRanges', { CidrIp: `10.${index % 256}.${rule}.0/24`, Description }] as const;
  if (slot < 6) {
    return [
      'UserIdGroupPairs',
      { GroupId: groupIdOf((index + rule) % 9999), UserId: '123456789012', Description },
    ] as const;
  }
  if (slot < 8) return ['PrefixListIds', { PrefixListId: 'pl-6da54004', Description }] as const;
  if (slot === 8)
    return ['Ipv6Ranges', { CidrIpv6: `fd00:${(index % 65535).toString(16)}::/64`, Description }] as const;
  return [
    'IpRanges',
    { CidrIp: rule === 9 ? `198.51.100.${index % 256}/32` : `172.16.${rule}.0/24`, Description },
  ] as const;
}

function groupIdOf(index: number): string {
  return `sg-${index.toString(16).padStart(17, '0')}`;
}

/** The repository root, from src/bench or from a bundle in dist/bench. */
export function projectRoot(): string {
  return join(__dirname, '../..');
}
