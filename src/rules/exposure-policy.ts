import type { RoleBaseline } from '../baseline/types';
import { hasPublicPeer } from './severity';

/**
 * Whether a role's group may sit on an interface the internet reaches: as the baseline declares
 * (`internetFacing`), else whether the role declares inbound from public addresses — the frontend's
 * 80/443 from the world, the bastion's admin CIDR. The seed's database, redis, backend and VPC
 * endpoints declare inbound only from groups and the VPC: they must never face the internet (its
 * diagram puts only the ALB and the bastion in public subnets).
 */
export function mayFaceInternet(role: RoleBaseline): boolean {
  if (role.internetFacing !== undefined) return role.internetFacing;
  return role.rules.some((rule) => rule.direction === 'ingress' && hasPublicPeer(rule));
}
