/**
 * Whose group a peer is, read from the raw snapshot for `baseline init`: the account (`UserId`) and
 * the VPC peering connection of each referenced group id. The canonical model keeps only the id, and
 * a baseline that declares another account's group or a peered group says so for the person reading.
 */
import { ACCOUNT, PEERING_ID } from './syntax';

export interface PeerIdentity {
  /** `UserIdGroupPairs[].UserId` / `ReferencedGroupInfo.UserId`: an account id, or `amazon-elb`. */
  account?: string;
  /** `VpcPeeringConnectionId`: the group is across this peering connection. */
  peering?: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Group id → identity, from describe-security-groups (`UserIdGroupPairs`) and
 * describe-security-group-rules (`ReferencedGroupInfo`) JSON. Values a baseline could not hold are
 * left out: they only describe a peer, which is matched by id.
 */
export function peerIdentitiesOf(snapshot: unknown): Map<string, PeerIdentity> {
  const identities = new Map<string, PeerIdentity>();
  const remember = (reference: unknown) => {
    if (!isObject(reference) || typeof reference.GroupId !== 'string') return;
    const identity: PeerIdentity = { ...identities.get(reference.GroupId) };
    const { UserId, VpcPeeringConnectionId } = reference;
    if (typeof UserId === 'string' && ACCOUNT.test(UserId)) identity.account = UserId;
    if (typeof VpcPeeringConnectionId === 'string' && PEERING_ID.test(VpcPeeringConnectionId))
      identity.peering = VpcPeeringConnectionId;
    identities.set(reference.GroupId, identity);
  };
  if (!isObject(snapshot)) return identities;
  for (const group of listOf(snapshot.SecurityGroups)) {
    if (!isObject(group)) continue;
    const permissions = [...listOf(group.IpPermissions), ...listOf(group.IpPermissionsEgress)];
    for (const permission of permissions) {
      if (isObject(permission)) for (const pair of listOf(permission.UserIdGroupPairs)) remember(pair);
    }
  }
  for (const row of listOf(snapshot.SecurityGroupRules)) {
    if (isObject(row)) remember(row.ReferencedGroupInfo);
  }
  return identities;
}
