import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import { InputError } from '../errors';
import type { SecurityGroup } from '../model/types';

/**
 * A pinned VPC that holds no group of the estate makes the audit speak for nothing there: refuse it
 * as bad input (exit 2), one line naming the file and field, rather than report a clean estate.
 * (The Lambdas cannot refuse: they report the `unmatched-vpc-pins` finding instead.)
 */
export function assertPinsMatch(
  command: string,
  baseline: EnvironmentBaseline,
  resolution: RoleResolution,
): void {
  if (resolution.emptyPins.length === 0) return;
  throw new InputError(
    `${command}: ${baseline.source}: environments.${baseline.environment}.vpcIds pins ${resolution.emptyPins.join(', ')}, which holds no security group of the estate; set vpcIds to the VPCs the groups live in, or remove the pin`,
  );
}

/**
 * A `--sg-name` that names no group of the estate and no role of the baseline is a typo: refused
 * (exit 2) rather than reported as a group with nothing to say or nothing to revert.
 */
export function assertGroupNamesKnown(
  command: string,
  baseline: EnvironmentBaseline,
  groups: readonly SecurityGroup[],
  names: readonly string[] = [],
): void {
  const roleNames = new Set(baseline.roles.map((role) => role.selector.groupName ?? role.selector.nameTag));
  for (const name of names) {
    const known = roleNames.has(name) || groups.some((group) => group.groupName === name);
    if (!known) {
      throw new InputError(`${command}: --sg-name ${name} matches no security group and no baseline role`);
    }
  }
}
