import { formatRule } from '../model/rule-key';
import { isDefaultGroup } from '../model/well-known';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * The VPC's `default` group has a rule (CIS AWS Foundations: the default security group restricts
 * all traffic). Flags the self-referencing all-traffic rule AWS creates, and the 0.0.0.0/0 egress.
 */
export const check: Check = {
  id: 'default-group-open',
  title: 'Default security group allows traffic',
  severity: 'MEDIUM',
  compliance: ['SOC2', 'PCI-DSS'],
  remediation:
    "Remove every inbound and outbound rule of the VPC's default group; attach purpose-built groups instead.",
  evaluate(context) {
    const findings: Finding[] = [];
    for (const group of scopeOf(context).groups) {
      if (!isDefaultGroup(group)) continue;
      for (const rule of group.rules) {
        findings.push(
          finding(check, {
            group,
            rule,
            message: `default group of ${group.vpcId ?? 'the VPC'} allows ${formatRule(rule)}`,
          }),
        );
      }
    }
    return findings;
  },
};
