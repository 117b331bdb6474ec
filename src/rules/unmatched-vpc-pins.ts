import { finding } from './finding';
import type { Check } from './types';

/**
 * A VPC the environment pins (`vpcIds`) that holds no security group of the account and region.
 * Every VPC has at least its `default` group, so the pin names a VPC that is not there (e.g. the
 * examples' `vpc-0123456789abcdef0` on a real account): unknown-groups and default-group-open would
 * see nothing there, silently. The CLI refuses such an audit (exit 2); the Lambdas report this.
 */
export const check: Check = {
  id: 'unmatched-vpc-pins',
  title: 'Pinned VPC holds no security group',
  severity: 'CRITICAL',
  compliance: ['SOC2'],
  remediation:
    "Set the environment's vpcIds to the VPCs the groups live in (describe-security-groups shows VpcId), or remove the pin to scope to the VPCs the role groups resolve in.",
  evaluate({ baseline, resolution }) {
    return resolution.emptyPins.map((vpcId) =>
      finding(check, {
        message: `${baseline.source}: environment ${baseline.environment} pins ${vpcId} (vpcIds), which holds no security group here: the baseline speaks for nothing in it`,
      }),
    );
  },
};
