/** Rules from the request shapes of Authorize/Revoke/UpdateDescriptions: `ipPermissions` and the legacy flat form. */
import type { Direction, Peer, Rule } from '../model/types';
import { cidrPeer, prefixListPeer, referencedGroupPeer } from './peer';
import { field, items } from './read';
import { buildRule } from './rule';

/**
 * One rule per peer of each `ipPermissions.items[]` entry (AWS groups many peers per permission).
 * `owner` is the account of the group the rules belong to; a peer group's `userId` equal to it is dropped.
 */
export function ipPermissionRules(
  ipPermissions: unknown,
  direction: Direction,
  owner: string | null,
): Rule[] {
  return items(ipPermissions).flatMap((permission) => permissionRules(permission, direction, owner));
}

function permissionRules(permission: unknown, direction: Direction, owner: string | null): Rule[] {
  const common = {
    protocol: field(permission, 'ipProtocol'),
    fromPort: field(permission, 'fromPort'),
    toPort: field(permission, 'toPort'),
  };
  const peers: { peer: Peer | null; description: unknown }[] = [
    ...items(field(permission, 'ipRanges')).map((range) => ({
      peer: cidrPeer(field(range, 'cidrIp')),
      description: field(range, 'description'),
    })),
    ...items(field(permission, 'ipv6Ranges')).map((range) => ({
      peer: cidrPeer(field(range, 'cidrIpv6')),
      description: field(range, 'description'),
    })),
    ...items(field(permission, 'prefixListIds')).map((list) => ({
      peer: prefixListPeer(field(list, 'prefixListId')),
      description: field(list, 'description'),
    })),
    ...items(field(permission, 'groups')).map((pair) => ({
      peer: referencedGroupPeer(pair, owner),
      description: field(pair, 'description'),
    })),
  ];
  return peers.flatMap(
    ({ peer, description }) => buildRule(direction, { ...common, peer, description }) ?? [],
  );
}

/**
 * The legacy flat form: `cidrIp`, `ipProtocol`, `fromPort`, `toPort`, or `sourceSecurityGroupName`
 * (+ `sourceSecurityGroupOwnerId`) at the top of `requestParameters`. A source group given this
 * way carries no protocol and grants all traffic from that group.
 */
export function legacyFlatRules(params: unknown, direction: Direction, owner: string | null): Rule[] {
  const sourceGroup = referencedGroupPeer(
    {
      groupName: field(params, 'sourceSecurityGroupName'),
      userId: field(params, 'sourceSecurityGroupOwnerId'),
    },
    owner,
  );
  const cidr = cidrPeer(field(params, 'cidrIp'));
  const protocol = field(params, 'ipProtocol') ?? (sourceGroup ? 'all' : undefined);
  const fromPort = field(params, 'fromPort');
  const toPort = field(params, 'toPort');
  return [cidr, sourceGroup].flatMap(
    (peer) => buildRule(direction, { protocol, fromPort, toPort, peer }) ?? [],
  );
}
