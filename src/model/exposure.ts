/**
 * Real exposure: a rule matters through the interfaces that carry its group. For each group, how
 * many interfaces carry it, which resources they belong to, and which of them the internet can
 * reach. Reachable means a public address (IPv4, or IPv6) on an interface in use; when route
 * tables were read, also a route from an internet gateway to its subnet — `basis` says which.
 */
import type { NetworkInterface, ResourceKind } from './interfaces';
import type { InternetRoutes } from './route-tables';
import type { Estate } from './types';

export const ExposureBasis = {
  /** A public address only: route tables were not read. */
  PublicAddress: 'public-address',
  /** A public address and a route 0.0.0.0/0 (or ::/0) from an internet gateway to the subnet. */
  PublicAddressAndRoute: 'public-address-and-igw-route',
} as const;
export type ExposureBasis = (typeof ExposureBasis)[keyof typeof ExposureBasis];

export interface ExposedResource {
  interfaceId: string;
  kind: ResourceKind;
  resource: string | null;
  publicIps: string[];
  ipv6: boolean;
}

export interface GroupExposure {
  /** Interfaces that carry the group (in use or not). */
  interfaces: number;
  /** The resources behind the interfaces in use. */
  attached: ExposedResource[];
  /** Of those, the ones the internet can reach. */
  reachable: ExposedResource[];
  basis: ExposureBasis;
}

// One computation per estate: the engine's checks and the report that renders them share it.
const exposuresOfEstate = new WeakMap<object, Map<string, GroupExposure>>();

/** The exposure of a group of the estate (NOT_ATTACHED when no interface carries it); undefined without interfaces. */
export function exposureOfEstate(
  estate: Pick<Estate, 'interfaces' | 'routes'>,
  groupId: string,
): GroupExposure | undefined {
  if (!estate.interfaces) return undefined;
  let byGroup = exposuresOfEstate.get(estate);
  if (!byGroup) {
    byGroup = exposureByGroup(estate.interfaces, estate.routes);
    exposuresOfEstate.set(estate, byGroup);
  }
  return byGroup.get(groupId) ?? NOT_ATTACHED;
}

/** The exposure of every group that at least one interface carries, keyed by group id. */
export function exposureByGroup(
  interfaces: readonly NetworkInterface[],
  routes?: InternetRoutes,
): Map<string, GroupExposure> {
  const basis = routes ? ExposureBasis.PublicAddressAndRoute : ExposureBasis.PublicAddress;
  const byGroup = new Map<string, GroupExposure>();
  for (const networkInterface of interfaces) {
    const inUse = networkInterface.status !== 'available';
    const resource = inUse ? exposedResource(networkInterface) : undefined;
    const reachable = resource !== undefined && isReachable(networkInterface, routes);
    for (const groupId of new Set(networkInterface.groupIds)) {
      let exposure = byGroup.get(groupId);
      if (!exposure) {
        exposure = { interfaces: 0, attached: [], reachable: [], basis };
        byGroup.set(groupId, exposure);
      }
      exposure.interfaces += 1;
      if (resource) exposure.attached.push(resource);
      if (resource && reachable) exposure.reachable.push(resource);
    }
  }
  return byGroup;
}

/** A group no interface carries: nothing is exposed through it today. */
const NOT_ATTACHED: GroupExposure = Object.freeze({
  interfaces: 0,
  attached: [],
  reachable: [],
  basis: ExposureBasis.PublicAddress,
}) as GroupExposure;

function exposedResource(networkInterface: NetworkInterface): ExposedResource {
  return {
    interfaceId: networkInterface.interfaceId,
    kind: networkInterface.kind,
    resource: networkInterface.resource,
    publicIps: networkInterface.publicIps,
    ipv6: networkInterface.ipv6Addresses.length > 0,
  };
}

// Unknown routing (no table for the subnet or its VPC in the read) is not "private": the public
// address alone decides, as when route tables were not read at all.
function isReachable(networkInterface: NetworkInterface, routes: InternetRoutes | undefined): boolean {
  const { vpcId, subnetId, publicIps, ipv6Addresses } = networkInterface;
  const routed = (family: 'ipv4' | 'ipv6') => routes?.reachesSubnet(vpcId, subnetId, family) ?? true;
  const v4 = publicIps.length > 0 && routed('ipv4');
  const v6 = ipv6Addresses.length > 0 && routed('ipv6');
  return v4 || v6;
}

const KIND_LABEL: Readonly<Record<ExposedResource['kind'], string>> = {
  instance: 'instance',
  'load-balancer': 'load balancer',
  rds: 'RDS',
  elasticache: 'ElastiCache',
  lambda: 'Lambda',
  'vpc-endpoint': 'VPC endpoint',
  'nat-gateway': 'NAT gateway',
  'eks-control-plane': 'EKS control plane',
  'ecs-task': 'ECS task',
  detached: 'detached interface',
  other: 'interface',
};

/** A resource as findings name it: `i-0abc… (54.1.2.3)`, `load balancer app/web (52.…)`, `RDS eni-… `. */
function resourceLabel(resource: ExposedResource): string {
  const name =
    resource.kind === 'instance' && resource.resource
      ? resource.resource
      : `${KIND_LABEL[resource.kind]} ${resource.resource ?? resource.interfaceId}`;
  const addresses = [...resource.publicIps, ...(resource.ipv6 ? ['IPv6'] : [])];
  return addresses.length > 0 ? `${name} (${addresses.join(', ')})` : name;
}

/** The resources, de-duplicated by label, at most `max` named and the rest counted. */
export function resourceList(resources: readonly ExposedResource[], max = 5): string {
  return namedList(resources.map(resourceLabel), max);
}

/** The first `max` distinct names, then how many more: a message stays short on any estate. */
export function namedList(names: readonly string[], max = 5): string {
  const distinct = [...new Set(names)];
  const named = distinct.slice(0, max).join(', ');
  return distinct.length > max ? `${named} and ${distinct.length - max} more` : named;
}

/** What reachability rests on, in words. */
export function basisLabel(basis: ExposureBasis): string {
  return basis === ExposureBasis.PublicAddressAndRoute
    ? 'public address and a route from an internet gateway'
    : 'public address (route tables not read)';
}

/** Resources a finding names; the summary names fewer and counts the rest. */
const MAX_NAMED_RESOURCES = 10;

/** A group's exposure as a finding carries it: counts, named resources and one sentence. */
export interface ExposureSummary {
  /** Interfaces that carry the group (in use or detached). */
  interfaces: number;
  /** Of those in use, how many the internet reaches. */
  reachable: number;
  /** The reachable resources when there are any, else the resources in use (at most ten labels). */
  resources: string[];
  basis: ExposureBasis;
  /** `exposes i-0abc… (54.1.2.3) to the internet via public IPs …` / `attached to nothing: not reachable today`. */
  summary: string;
}

/** What a finding says about its group's exposure. */
function summarizeExposure(exposure: GroupExposure): ExposureSummary {
  const { interfaces, attached, reachable, basis } = exposure;
  const shown = reachable.length > 0 ? reachable : attached;
  return {
    interfaces,
    reachable: reachable.length,
    resources: [...new Set(shown.map(resourceLabel))].slice(0, MAX_NAMED_RESOURCES),
    basis,
    summary: exposureSentence(exposure),
  };
}

/** Whether nothing is reachable through the group today: no interface in use carries it. */
export function isAttachedToNothing(exposure: Pick<ExposureSummary, 'resources'>): boolean {
  return exposure.resources.length === 0;
}

function exposureSentence({ interfaces, attached, reachable, basis }: GroupExposure): string {
  const routed = basis === ExposureBasis.PublicAddressAndRoute;
  if (reachable.length > 0) {
    const where = routed ? 'in subnets routed to an internet gateway' : '(route tables not read)';
    return `exposes ${resourceList(reachable)} to the internet via public IPs ${where}`;
  }
  if (attached.length > 0) {
    const why = routed
      ? 'none reachable from the internet (no public IP, or no route from an internet gateway)'
      : 'none with a public IP (route tables not read)';
    return `attached to ${resourceList(attached)}, ${why}`;
  }
  if (interfaces > 0) {
    return `only on ${interfaces} detached ${interfaces === 1 ? 'interface' : 'interfaces'}: not reachable today`;
  }
  return 'attached to nothing: not reachable today';
}

/**
 * The exposure summary of a group by id, summarized once per group. Null when interfaces were not
 * read, and on a partial read (the interfaces one event names: no `attachedGroupIds`) for a group
 * none of them carries — such a read cannot say the group is attached to nothing.
 */
export function exposureSummaries(
  estate: Pick<Estate, 'interfaces' | 'routes' | 'attachedGroupIds'>,
): (groupId: string) => ExposureSummary | null {
  if (!estate.interfaces) return () => null;
  const complete = estate.attachedGroupIds !== undefined;
  const summaries = new Map<string, ExposureSummary | null>();
  return (groupId) => {
    let summary = summaries.get(groupId);
    if (summary === undefined) {
      // Interfaces were read, so the group has an exposure (NOT_ATTACHED when none carries it).
      const exposure = exposureOfEstate(estate, groupId) ?? NOT_ATTACHED;
      // A partial read (the change path reads only the interfaces an event names) cannot tell that a
      // group is attached to nothing in use: only what it shows in use counts, nothing else is said.
      summary = exposure.attached.length === 0 && !complete ? null : summarizeExposure(exposure);
      summaries.set(groupId, summary);
    }
    return summary;
  };
}
