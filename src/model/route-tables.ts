/**
 * Which subnets route to an internet gateway (`describe-route-tables`): a public address on an
 * interface in such a subnet is reachable from the internet; in a subnet without that route it is
 * not. A subnet with no explicit association uses its VPC's main route table.
 */
import { canonicalCidr, includesPublicAddresses } from './cidr';
import {
  expectArray,
  expectObject,
  type Json,
  optionalArray,
  optionalString,
  shapeError,
} from './json-shape';

export interface InternetRoutes {
  /**
   * Whether traffic of this family reaches the subnet from an internet gateway; undefined when the
   * read holds no table for the subnet nor a main table for its VPC (then nothing is known).
   */
  reachesSubnet(
    vpcId: string | undefined,
    subnetId: string | undefined,
    family: 'ipv4' | 'ipv6',
  ): boolean | undefined;
}

interface TableRoutes {
  ipv4: boolean;
  ipv6: boolean;
}

/** `describe-route-tables` JSON (`RouteTables[]`) to the subnets an internet gateway reaches. */
export function readRouteTables(value: unknown, path = 'RouteTables'): InternetRoutes {
  const bySubnet = new Map<string, TableRoutes>();
  const mainOfVpc = new Map<string, TableRoutes>();
  expectArray(value, path).forEach((entry, index) => {
    const where = `${path}[${index}]`;
    const table = expectObject(entry, where);
    const routes = internetRoutesOf(optionalArray(table, 'Routes', where), `${where}.Routes`);
    const vpcId = optionalString(table, 'VpcId', where);
    optionalArray(table, 'Associations', where).forEach((association, position) => {
      const at = `${where}.Associations[${position}]`;
      const link = expectObject(association, at);
      const subnetId = optionalString(link, 'SubnetId', at);
      if (subnetId) bySubnet.set(subnetId, routes);
      if (link.Main === true && vpcId) mainOfVpc.set(vpcId, routes);
    });
  });
  return {
    reachesSubnet(vpcId, subnetId, family) {
      const routes = (subnetId && bySubnet.get(subnetId)) || (vpcId && mainOfVpc.get(vpcId)) || undefined;
      return routes ? routes[family] : undefined;
    },
  };
}

function internetRoutesOf(routes: readonly unknown[], path: string): TableRoutes {
  const found: TableRoutes = { ipv4: false, ipv6: false };
  routes.forEach((entry, index) => {
    const where = `${path}[${index}]`;
    const route = expectObject(entry, where);
    const gateway = optionalString(route, 'GatewayId', where) ?? '';
    // An egress-only internet gateway (eigw-) lets no inbound connection in; only igw- does.
    if (!gateway.startsWith('igw-') || optionalString(route, 'State', where) === 'blackhole') return;
    // Any destination holding public addresses, not only the default route: 0.0.0.0/1 and
    // 128.0.0.0/1 together are the default route too, and one /24 lets those clients in.
    const v4 = destination(route, 'DestinationCidrBlock', where);
    const v6 = destination(route, 'DestinationIpv6CidrBlock', where);
    if (v4 !== undefined && includesPublicAddresses(v4)) found.ipv4 = true;
    if (v6 !== undefined && includesPublicAddresses(v6)) found.ipv6 = true;
    // A prefix list's entries are not in this read: in doubt, both families are reachable.
    if (optionalString(route, 'DestinationPrefixListId', where) !== undefined) {
      found.ipv4 = true;
      found.ipv6 = true;
    }
  });
  return found;
}

/** A route's destination CIDR, canonical; a malformed one is an error naming its field. */
function destination(route: Json, field: string, where: string): string | undefined {
  const text = optionalString(route, field, where);
  if (text === undefined) return undefined;
  const cidr = canonicalCidr(text);
  if (cidr === undefined) throw shapeError(`${where}.${field}`, 'a CIDR block', text);
  return cidr;
}
