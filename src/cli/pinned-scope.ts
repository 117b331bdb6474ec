import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import { InputError } from '../errors';

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
