import fc from 'fast-check';
import { roundTrip } from './round-trip';

/**
 * The round-trip property of `baseline init`: for any estate, the baseline it writes audits the same
 * estate with no drift finding. Estates are drawn as describe-security-groups JSON, shaped as AWS
 * prints it: every peer kind (IPv4, IPv6, prefix list, a group of the same account, of another
 * account, across a peering connection, a default group, a group absent from the snapshot), both
 * directions, names repeated across VPCs, EC2-Classic groups, groups with and without tags.
 */

const OWNER = '123456789012';
const PEER_ACCOUNT = '210987654321';
const VPCS = ['vpc-0123456789abcdef0', 'vpc-0fedcba9876543210', 'vpc-1a2b3c4d'];
const NAMES = ['web-sg', 'thebot-api-sg', 'db', 'Cache SG', 'launch-wizard-1', 'web-sg ', 'x\u202ey'];
const DESCRIPTIONS = ['', 'HTTPS from the ALB', 'ssh; rm -rf /', 'new\nline \u202eevil', '   '];
const CIDRS4 = ['0.0.0.0/0', '0.0.0.0/0', '10.0.0.0/8', '203.0.113.5/32', '0.0.0.0/1', '172.31.0.0/16'];
const CIDRS6 = ['::/0', '2001:db8::/32', '2001:db8:1234::/48'];

type Json = Record<string, unknown>;
type PeerDraw =
  | { kind: 'cidr4' | 'cidr6' | 'prefix-list'; index: number }
  | { kind: 'own' | 'self' | 'elb' | 'peered' | 'default' | 'absent'; index: number };

const peerArb: fc.Arbitrary<PeerDraw> = fc.record({
  kind: fc.constantFrom('cidr4', 'cidr6', 'prefix-list', 'own', 'self', 'elb', 'peered', 'default', 'absent'),
  index: fc.nat(20),
}) as fc.Arbitrary<PeerDraw>;

const permissionArb = fc.record({
  protocol: fc.constantFrom('tcp', 'udp', 'icmp', 'icmpv6', '-1', '47', '50', '51', '6'),
  from: fc.integer({ min: 0, max: 65535 }),
  span: fc.constantFrom(0, 0, 1, 100, 65535),
  icmp: fc.constantFrom([-1, -1], [8, -1], [3, 4], [0, 0]),
  peers: fc.array(peerArb, { minLength: 1, maxLength: 3 }),
  description: fc.constantFrom(...DESCRIPTIONS),
});

const groupArb = fc.record({
  name: fc.constantFrom(...NAMES),
  vpc: fc.constantFrom(0, 1, 2, -1), // -1: EC2-Classic
  description: fc.constantFrom(...DESCRIPTIONS),
  tags: fc.subarray([
    ['Name', 'x'],
    ['Environment', 'production'],
    ['Environment', 'Live'],
    ['ManagedBy', 'terraform'],
    ['Team', ' '],
    ['aws:cloudformation:stack-name', 'stack'],
    ['Owner\u202e', 'me'],
  ]),
  ingress: fc.array(permissionArb, { maxLength: 3 }),
  egress: fc.array(permissionArb, { maxLength: 3 }),
  /** "No outbound": only the 127.0.0.1/32 sentinel, as the seed's data stores. */
  noOutbound: fc.boolean(),
});

const estateArb = fc.record({
  groups: fc.array(groupArb, { minLength: 1, maxLength: 6 }),
  defaults: fc.subarray([0, 1, 2, -1]),
  pinFirstVpc: fc.boolean(),
  /** Tags every group carries (the estate's convention), besides each group's own. */
  commonTags: fc.constantFrom(
    [],
    [
      ['Name', 'n'],
      ['ManagedBy', 'terraform'],
    ],
    [
      ['Environment', 'production'],
      ['Team', 'payments'],
    ],
    [['Environment', 'Live']],
  ),
});

/** The value type an arbitrary draws. */
type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** The drawn estate as describe-security-groups JSON. */
function snapshotOf(draw: Drawn<typeof estateArb>): { raw: Json; vpcId?: string } {
  const seen = new Set<string>();
  const groups = draw.groups.filter((group) => {
    // AWS keeps names unique inside a VPC (and among EC2-Classic groups).
    const key = `${group.name}|${group.vpc}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ids = groups.map((_, index) => `sg-0a${hex(index, 15)}`);
  const defaultIds = new Map(draw.defaults.map((vpc) => [vpc, `sg-0d${hex(vpc + 2, 15)}`]));
  const vpcOf = (vpc: number) => (vpc < 0 ? {} : { VpcId: VPCS[vpc] });

  const pair = (peer: PeerDraw, own: string, vpc: number): Json => {
    switch (peer.kind) {
      case 'own':
        return { GroupId: ids[peer.index % ids.length], UserId: OWNER, ...vpcOf(vpc) };
      case 'self':
        return { GroupId: own, UserId: OWNER };
      case 'elb':
        return { GroupId: 'sg-843f59ed', GroupName: 'amazon-elb-sg', UserId: 'amazon-elb' };
      case 'peered':
        return {
          GroupId: `sg-0e${hex(peer.index, 6)}`,
          UserId: PEER_ACCOUNT,
          VpcId: 'vpc-0b0b0b0b0b0b0b0b0',
          VpcPeeringConnectionId: 'pcx-0a5e2a63',
          PeeringStatus: 'active',
        };
      case 'default':
        return { GroupId: defaultIds.get(vpc) ?? `sg-0d${hex(9, 15)}`, UserId: OWNER };
      default:
        return { GroupId: `sg-0f${hex(peer.index, 15)}`, UserId: OWNER };
    }
  };
  const permission = (p: Drawn<typeof permissionArb>, own: string, vpc: number): Json => {
    const described = p.description === '' ? {} : { Description: p.description };
    const ports =
      p.protocol === 'tcp' || p.protocol === 'udp' || p.protocol === '6'
        ? { FromPort: p.from, ToPort: Math.min(65535, p.from + p.span) }
        : p.protocol === 'icmp' || p.protocol === 'icmpv6'
          ? { FromPort: p.icmp[0], ToPort: p.icmp[1] }
          : {};
    const out: Json = { IpProtocol: p.protocol, ...ports };
    const lists: Record<string, Json[]> = {
      IpRanges: [],
      Ipv6Ranges: [],
      PrefixListIds: [],
      UserIdGroupPairs: [],
    };
    for (const peer of p.peers) {
      if (peer.kind === 'cidr4')
        lists.IpRanges?.push({ CidrIp: CIDRS4[peer.index % CIDRS4.length], ...described });
      else if (peer.kind === 'cidr6')
        lists.Ipv6Ranges?.push({ CidrIpv6: CIDRS6[peer.index % CIDRS6.length], ...described });
      else if (peer.kind === 'prefix-list')
        lists.PrefixListIds?.push({ PrefixListId: 'pl-6da54004', ...described });
      else lists.UserIdGroupPairs?.push({ ...pair(peer, own, vpc), ...described });
    }
    return { ...out, ...lists };
  };
  const securityGroups: Json[] = groups.map((group, index) => ({
    GroupId: ids[index],
    GroupName: group.name,
    Description: group.description,
    OwnerId: OWNER,
    ...vpcOf(group.vpc),
    Tags: [...group.tags, ...draw.commonTags].map(([Key, Value]) => ({ Key, Value })),
    IpPermissions: group.ingress.map((p) => permission(p, ids[index] ?? '', group.vpc)),
    IpPermissionsEgress: group.noOutbound
      ? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '127.0.0.1/32' }] }]
      : group.egress.map((p) => permission(p, ids[index] ?? '', group.vpc)),
  }));
  for (const [vpc, id] of defaultIds) {
    securityGroups.push({
      GroupId: id,
      GroupName: 'default',
      Description: vpc < 0 ? 'default group' : 'default VPC security group',
      OwnerId: OWNER,
      ...vpcOf(vpc),
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: id, UserId: OWNER }] }],
      IpPermissionsEgress: vpc < 0 ? [] : [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  }
  const pinned = draw.pinFirstVpc ? groups.find((group) => group.vpc >= 0) : undefined;
  return { raw: { SecurityGroups: securityGroups }, vpcId: pinned ? VPCS[pinned.vpc] : undefined };
}

describe('baseline init: the round-trip property', () => {
  it('writes a baseline under which the estate it was made from has no drift', () => {
    fc.assert(
      fc.property(estateArb, (draw) => {
        const { raw, vpcId } = snapshotOf(draw);
        expect(roundTrip(raw, 'production', vpcId).drift).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
