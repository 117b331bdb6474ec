/**
 * What security groups are attached to: `describe-network-interfaces` output as canonical network
 * interfaces — which resource each one belongs to (instance, load balancer, RDS, ElastiCache,
 * Lambda, VPC endpoint, NAT gateway, EKS control plane…) and which public addresses it has.
 * The interface type and requester fields vary across the years (2017 outputs have no
 * `InterfaceType`), so the resource is read from every field that names it.
 */
import {
  expectArray,
  expectObject,
  type Json,
  optionalArray,
  optionalObject,
  optionalString,
  requiredString,
} from './json-shape';

export const ResourceKind = {
  Instance: 'instance',
  LoadBalancer: 'load-balancer',
  Rds: 'rds',
  ElastiCache: 'elasticache',
  Lambda: 'lambda',
  VpcEndpoint: 'vpc-endpoint',
  NatGateway: 'nat-gateway',
  EksControlPlane: 'eks-control-plane',
  /** An ECS task's own interface (awsvpc network mode, Fargate). */
  EcsTask: 'ecs-task',
  Detached: 'detached',
  Other: 'other',
} as const;
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];

export interface NetworkInterface {
  interfaceId: string;
  vpcId?: string;
  subnetId?: string;
  /** `in-use`, `available` (detached) … as EC2 reports it. */
  status: string;
  groupIds: string[];
  kind: ResourceKind;
  /** The resource as people name it: `i-0abc…`, `app/web-alb`, `myecsgtest-001`; null when EC2 does not say. */
  resource: string | null;
  /** Public IPv4 addresses (auto-assigned or Elastic IPs), on any of its private addresses. */
  publicIps: string[];
  /** IPv6 addresses (globally routable when the subnet routes ::/0 to an internet gateway). */
  ipv6Addresses: string[];
}

/** Ids of the groups at least one interface carries (what `unused-groups` judges). */
export function attachedGroupIdsOf(interfaces: readonly NetworkInterface[]): Set<string> {
  const attached = new Set<string>();
  for (const networkInterface of interfaces) for (const id of networkInterface.groupIds) attached.add(id);
  return attached;
}

/** `describe-network-interfaces` JSON (`NetworkInterfaces[]`) to canonical interfaces. */
export function normalizeNetworkInterfaces(value: unknown, path = 'NetworkInterfaces'): NetworkInterface[] {
  const list = expectArray(value, path);
  return list.map((entry, index) =>
    normalizeInterface(expectObject(entry, `${path}[${index}]`), `${path}[${index}]`),
  );
}

function normalizeInterface(raw: Json, path: string): NetworkInterface {
  const groupIds = optionalArray(raw, 'Groups', path).map((group, index) =>
    requiredString(expectObject(group, `${path}.Groups[${index}]`), 'GroupId', `${path}.Groups[${index}]`),
  );
  const attachment = optionalObject(raw, 'Attachment', path);
  const { kind, resource } = resourceOf(raw, attachment, path);
  const networkInterface: NetworkInterface = {
    interfaceId: requiredString(raw, 'NetworkInterfaceId', path),
    status: optionalString(raw, 'Status', path) ?? 'unknown',
    groupIds,
    kind,
    resource,
    publicIps: publicIpsOf(raw, path),
    ipv6Addresses: optionalArray(raw, 'Ipv6Addresses', path).flatMap((entry, index) => {
      const address = optionalString(
        expectObject(entry, `${path}.Ipv6Addresses[${index}]`),
        'Ipv6Address',
        path,
      );
      return address ? [address] : [];
    }),
  };
  const vpcId = optionalString(raw, 'VpcId', path);
  if (vpcId !== undefined) networkInterface.vpcId = vpcId;
  const subnetId = optionalString(raw, 'SubnetId', path);
  if (subnetId !== undefined) networkInterface.subnetId = subnetId;
  return networkInterface;
}

function publicIpsOf(raw: Json, path: string): string[] {
  const ips = new Set<string>();
  const add = (owner: Json, where: string) => {
    const association = optionalObject(owner, 'Association', where);
    const ip = association && optionalString(association, 'PublicIp', `${where}.Association`);
    if (ip) ips.add(ip);
  };
  add(raw, path);
  optionalArray(raw, 'PrivateIpAddresses', path).forEach((entry, index) => {
    const where = `${path}.PrivateIpAddresses[${index}]`;
    add(expectObject(entry, where), where);
  });
  return [...ips];
}

/** Descriptions AWS writes on the interfaces it manages, and the resource each one names. */
const DESCRIBED: ReadonlyArray<[RegExp, ResourceKind]> = [
  [/^ELB (app\/[^/]+|net\/[^/]+|gwy\/[^/]+|[^/\s]+)/, ResourceKind.LoadBalancer],
  [/^RDSNetworkInterface$/, ResourceKind.Rds],
  [/^ElastiCache (\S+)/, ResourceKind.ElastiCache],
  [/^AWS Lambda VPC ENI-?(\S*)/, ResourceKind.Lambda],
  [/^VPC Endpoint Interface (vpce-[0-9a-f]+)/, ResourceKind.VpcEndpoint],
  [/^Interface for NAT Gateway (nat-[0-9a-f]+)/, ResourceKind.NatGateway],
  [/^Amazon EKS (\S+)/, ResourceKind.EksControlPlane],
  [/^arn:aws[\w-]*:ecs:[\w-]+:\d{12}:attachment\/[\w-]+$/, ResourceKind.EcsTask],
];

// A Map, not an object: an `InterfaceType` of `constructor` must not find Object's.
const BY_INTERFACE_TYPE: ReadonlyMap<string, ResourceKind> = new Map([
  ['nat_gateway', ResourceKind.NatGateway],
  ['vpc_endpoint', ResourceKind.VpcEndpoint],
  ['lambda', ResourceKind.Lambda],
  ['network_load_balancer', ResourceKind.LoadBalancer],
  ['gateway_load_balancer', ResourceKind.LoadBalancer],
  ['load_balancer', ResourceKind.LoadBalancer],
]);

/** Attachment owners that are AWS services: their interfaces are made by the service, not by a user. */
const SERVICE_OWNERS: ReadonlySet<string> = new Set([
  'amazon-elb',
  'amazon-rds',
  'amazon-elasticache',
  'amazon-aws',
]);

/**
 * The resource behind an interface. An instance's interface is the instance's whatever its
 * description says, and a description names a service only on an interface a service made
 * (`RequesterManaged`, or attached by a service owner): anyone may write "RDSNetworkInterface" on an
 * interface they create, and must not hide a role's group on their instance that way.
 */
function resourceOf(
  raw: Json,
  attachment: Json | undefined,
  path: string,
): { kind: ResourceKind; resource: string | null } {
  const instanceId = attachment && optionalString(attachment, 'InstanceId', `${path}.Attachment`);
  if (instanceId) return { kind: ResourceKind.Instance, resource: instanceId };
  const owner = attachment && optionalString(attachment, 'InstanceOwnerId', `${path}.Attachment`);
  const madeByService = raw.RequesterManaged === true || (owner !== undefined && SERVICE_OWNERS.has(owner));
  if (madeByService) {
    const description = optionalString(raw, 'Description', path) ?? '';
    for (const [pattern, kind] of DESCRIBED) {
      const match = pattern.exec(description);
      if (match) return { kind, resource: match[1] || null };
    }
  }
  const requester = optionalString(raw, 'RequesterId', path);
  if (requester === 'amazon-rds') return { kind: ResourceKind.Rds, resource: null };
  if (requester === 'amazon-elb' || owner === 'amazon-elb')
    return { kind: ResourceKind.LoadBalancer, resource: null };
  if (owner === 'amazon-elasticache') return { kind: ResourceKind.ElastiCache, resource: null };
  const typed = madeByService
    ? BY_INTERFACE_TYPE.get(optionalString(raw, 'InterfaceType', path) ?? '')
    : undefined;
  if (typed) return { kind: typed, resource: null };
  if (!attachment && optionalString(raw, 'Status', path) === 'available')
    return { kind: ResourceKind.Detached, resource: null };
  return { kind: ResourceKind.Other, resource: null };
}
