import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExposureBasis, exposureByGroup } from '../../src/model/exposure';
import { normalizeNetworkInterfaces } from '../../src/model/interfaces';
import { readRouteTables } from '../../src/model/route-tables';

const FIXTURES = join(__dirname, '../fixtures/attachments');
const load = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
/** Recorded DescribeNetworkInterfaces (cloud-custodian placebo): instances, ELB, ALB, RDS, ElastiCache. */
const MIXED = load(
  'custodian-placebo-describe-network-interfaces-mixed-elb-alb-rds-elasticache-instance.json',
);
/** The AWS CLI example: an Elastic IP on a secondary interface and an auto-assigned public IP. */
const CLI_EXAMPLE = load('awscli-example-describe-network-interfaces-eip-and-instance-attachments.json');

describe('model: network interfaces from describe-network-interfaces', () => {
  it('names the resource behind every interface of a real mixed account', () => {
    const interfaces = normalizeNetworkInterfaces(MIXED.NetworkInterfaces);
    const byId = new Map(interfaces.map((eni) => [eni.interfaceId, eni]));
    expect(byId.get('eni-535f639a')).toMatchObject({
      kind: 'instance',
      resource: 'i-06082bd7eb8460b79',
      publicIps: ['54.209.172.47'],
    });
    expect(byId.get('eni-c8ac8712')).toMatchObject({ kind: 'load-balancer', resource: 'elbclassic' });
    expect(byId.get('eni-dafe5f3c')).toMatchObject({ kind: 'load-balancer', resource: 'app/albtest' });
    expect(byId.get('eni-d69ab23d')).toMatchObject({
      kind: 'rds',
      resource: null,
      publicIps: ['52.5.205.47'],
    });
    expect(byId.get('eni-21ead6c3')).toMatchObject({ kind: 'rds', status: 'available' });
    expect(byId.get('eni-1040e4c0')).toMatchObject({
      kind: 'elasticache',
      resource: 'myecsgtest-003',
      publicIps: [],
    });
    expect(byId.get('eni-d834cdcf')).toMatchObject({ kind: 'detached', groupIds: ['sg-d29623a3'] });
    expect(interfaces).toHaveLength(12);
  });

  it('reads Elastic IPs and auto-assigned public IPs, on any private address', () => {
    const interfaces = normalizeNetworkInterfaces(CLI_EXAMPLE.NetworkInterfaces);
    expect(interfaces.map((eni) => [eni.interfaceId, eni.kind, eni.resource, eni.publicIps])).toEqual([
      ['eni-e5aa89a3', 'instance', 'i-1234567890abcdef0', ['203.0.113.12']],
      ['eni-f9ba99bf', 'instance', 'i-0598c7d356eba48d7', ['198.51.100.0']],
    ]);
  });

  it("names an ECS task's own interface by the attachment ARN ECS writes as its description", () => {
    const [task] = normalizeNetworkInterfaces([
      {
        NetworkInterfaceId: 'eni-0a1b2c3d4e5f60004',
        Status: 'in-use',
        Description: 'arn:aws:ecs:eu-west-1:123456789012:attachment/3c1e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
        InterfaceType: 'interface',
        RequesterId: '578734482556',
        RequesterManaged: true,
        Attachment: { InstanceOwnerId: '578734482556', Status: 'attached' },
      },
    ]);
    expect(task).toMatchObject({ kind: 'ecs-task', resource: null });
  });

  it('never lets a description a user wrote name a service: an instance stays an instance', () => {
    const spoofed = (description: string, attachment?: Record<string, unknown>) =>
      normalizeNetworkInterfaces([
        {
          NetworkInterfaceId: 'eni-0000000000000beef',
          Status: attachment ? 'in-use' : 'available',
          Description: description,
          RequesterManaged: false,
          ...(attachment ? { Attachment: attachment } : {}),
        },
      ])[0];
    const onInstance = { InstanceId: 'i-0000000000000beef', InstanceOwnerId: '123456789012' };
    expect(spoofed('RDSNetworkInterface', onInstance)).toMatchObject({
      kind: 'instance',
      resource: 'i-0000000000000beef',
    });
    expect(spoofed('ELB app/x/1', onInstance)).toMatchObject({ kind: 'instance' });
    expect(spoofed('arn:aws:ecs:eu-west-1:123456789012:attachment/x', onInstance)).toMatchObject({
      kind: 'instance',
    });
    // Not attached, not made by a service: nothing it says about itself is believed.
    expect(spoofed('RDSNetworkInterface')).toMatchObject({ kind: 'detached' });
  });

  it('refuses a wrong shape with one line naming the path', () => {
    expect(() => normalizeNetworkInterfaces([{ NetworkInterfaceId: 'eni-1', Groups: [{}] }])).toThrow(
      'NetworkInterfaces[0].Groups[0].GroupId: expected a non-empty string, got nothing',
    );
    expect(() => normalizeNetworkInterfaces({})).toThrow('NetworkInterfaces: expected an array');
  });

  it('treats an InterfaceType named like an Object property as nothing special', () => {
    const [eni] = normalizeNetworkInterfaces([
      { NetworkInterfaceId: 'eni-1', InterfaceType: 'constructor', Status: 'in-use' },
    ]);
    expect(eni?.kind).toBe('other');
  });
});

describe('model: exposure by group', () => {
  it('counts interfaces and the reachable resources of each group (public address basis)', () => {
    const exposure = exposureByGroup(normalizeNetworkInterfaces(MIXED.NetworkInterfaces));
    const defaultGroup = exposure.get('sg-6c7fa917');
    expect(defaultGroup?.interfaces).toBe(4);
    expect(defaultGroup?.reachable.map((resource) => `${resource.kind} ${resource.resource}`)).toEqual([
      'instance i-06082bd7eb8460b79',
      'load-balancer elbclassic',
      'load-balancer elbclassic',
      'load-balancer app/albtest',
    ]);
    expect(defaultGroup?.basis).toBe(ExposureBasis.PublicAddress);
    // A detached interface carries its group but exposes nothing.
    expect(exposure.get('sg-d29623a3')).toMatchObject({ interfaces: 1, attached: [], reachable: [] });
    // ElastiCache interfaces have no public address.
    expect(exposure.get('sg-4b9ada34')?.reachable).toEqual([]);
  });

  it('with route tables, a public address in a subnet without an internet gateway route is not reachable', () => {
    const interfaces = normalizeNetworkInterfaces(CLI_EXAMPLE.NetworkInterfaces);
    const privateSubnet = readRouteTables([
      {
        RouteTableId: 'rtb-1',
        VpcId: 'vpc-a01106c2',
        Associations: [{ Main: true }],
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }],
      },
    ]);
    expect(exposureByGroup(interfaces, privateSubnet).get('sg-8637d3e3')).toMatchObject({
      interfaces: 2,
      reachable: [],
      basis: ExposureBasis.PublicAddressAndRoute,
    });
    const publicSubnet = readRouteTables([
      {
        RouteTableId: 'rtb-2',
        VpcId: 'vpc-a01106c2',
        Associations: [{ SubnetId: 'subnet-b61f49f0' }],
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc' }],
      },
    ]);
    expect(exposureByGroup(interfaces, publicSubnet).get('sg-8637d3e3')?.reachable).toHaveLength(2);
  });

  it('judges an interface whose VPC has no route table in the read on its public address alone', () => {
    // An incomplete read (a VPC created after it, or a table the role may not read) must not hide
    // a public address: unknown routing is not "private".
    const interfaces = normalizeNetworkInterfaces(CLI_EXAMPLE.NetworkInterfaces);
    const otherVpc = readRouteTables([{ VpcId: 'vpc-other', Associations: [{ Main: true }], Routes: [] }]);
    expect(otherVpc.reachesSubnet('vpc-a01106c2', 'subnet-b61f49f0', 'ipv4')).toBeUndefined();
    expect(exposureByGroup(interfaces, otherVpc).get('sg-8637d3e3')?.reachable).toHaveLength(2);
    expect(exposureByGroup(interfaces, readRouteTables([])).get('sg-8637d3e3')?.reachable).toHaveLength(2);
  });

  it('does not count an egress-only internet gateway or a blackhole route as inbound reachability', () => {
    const routes = readRouteTables([
      {
        VpcId: 'vpc-1',
        Associations: [{ SubnetId: 'subnet-1' }],
        Routes: [
          { DestinationIpv6CidrBlock: '::/0', GatewayId: 'eigw-0abc' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc', State: 'blackhole' },
        ],
      },
    ]);
    expect(routes.reachesSubnet('vpc-1', 'subnet-1', 'ipv4')).toBe(false);
    expect(routes.reachesSubnet('vpc-1', 'subnet-1', 'ipv6')).toBe(false);
  });

  const subnetRoutedBy = (...Routes: Record<string, string>[]) =>
    readRouteTables([{ VpcId: 'vpc-1', Associations: [{ SubnetId: 'subnet-1' }], Routes }]);

  it('counts any internet gateway route holding public addresses, not only the default route', () => {
    // The default route split in two halves (as VPN clients and some appliances write it).
    const split = subnetRoutedBy(
      { DestinationCidrBlock: '0.0.0.0/1', GatewayId: 'igw-0abc' },
      { DestinationCidrBlock: '128.0.0.0/1', GatewayId: 'igw-0abc' },
      { DestinationIpv6CidrBlock: '2000::/3', GatewayId: 'igw-0abc' },
    );
    expect(split.reachesSubnet('vpc-1', 'subnet-1', 'ipv4')).toBe(true);
    expect(split.reachesSubnet('vpc-1', 'subnet-1', 'ipv6')).toBe(true);
    // One partner's /24: those clients reach the subnet.
    const partner = subnetRoutedBy({ DestinationCidrBlock: '203.0.113.0/24', GatewayId: 'igw-0abc' });
    expect(partner.reachesSubnet('vpc-1', 'subnet-1', 'ipv4')).toBe(true);
    // Private destinations only: no answer can go back to the internet.
    const privateOnly = subnetRoutedBy({ DestinationCidrBlock: '10.0.0.0/8', GatewayId: 'igw-0abc' });
    expect(privateOnly.reachesSubnet('vpc-1', 'subnet-1', 'ipv4')).toBe(false);
    // A prefix list's entries are not in the read: in doubt, reachable.
    const listed = subnetRoutedBy({ DestinationPrefixListId: 'pl-0abc', GatewayId: 'igw-0abc' });
    expect(listed.reachesSubnet('vpc-1', 'subnet-1', 'ipv4')).toBe(true);
  });

  it('refuses an internet gateway route whose destination is not a CIDR, naming the field', () => {
    expect(() =>
      readRouteTables([
        { VpcId: 'vpc-1', Routes: [{ DestinationCidrBlock: '0.0.0.0/99', GatewayId: 'igw-0abc' }] },
      ]),
    ).toThrow(/Routes\[0\]\.DestinationCidrBlock.*a CIDR block/);
  });
});
