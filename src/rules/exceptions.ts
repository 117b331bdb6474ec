import { resolvePeer } from '../baseline/resolver';
import type { BaselineException, RoleResolution } from '../baseline/types';
import { cidrContains } from '../model/cidr';
import { trafficCovers } from '../model/ports';
import type { Rule } from '../model/types';

/** Whether a baseline exception covers an observed rule: same direction, traffic and peer within. */
export function exceptionCovers(
  exception: BaselineException,
  rule: Rule,
  resolution: RoleResolution,
): boolean {
  if (exception.direction !== rule.direction || !trafficCovers(exception, rule)) return false;
  const peer = resolvePeer(exception.peer, resolution);
  if (!peer || peer.kind !== rule.peer.kind) return false;
  return peer.kind === 'cidr4' || peer.kind === 'cidr6'
    ? cidrContains(peer.value, rule.peer.value)
    : peer.value === rule.peer.value;
}

/** The unexpired exception of `role` that covers `rule`, if any. */
export function activeException(
  exceptions: readonly BaselineException[],
  role: string,
  rule: Rule,
  resolution: RoleResolution,
  now: Date,
): BaselineException | undefined {
  return exceptions.find(
    (exception) =>
      exception.role === role && exception.expires > now && exceptionCovers(exception, rule, resolution),
  );
}
