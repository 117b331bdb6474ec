/**
 * Which subnets route to an internet gateway (`describe-route-tables`): a public address on an
 * interface in such a subnet is reachable from the internet; in a subnet without that route it is
 * not. A subnet with no explicit association uses its VPC's main route table.
 */
import { expectArray, expectObject, optionalArray, optionalString } from './json-shape';

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
    if (optionalString(route, 'DestinationCidrBlock', where) === '0.0.0.0/0') found.ipv4 = true;
    if (optionalString(route, 'DestinationIpv6CidrBlock', where) === '::/0') found.ipv6 = true;
  });
  return found;
}
