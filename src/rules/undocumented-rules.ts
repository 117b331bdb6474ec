import { formatRule } from '../model/rule-key';
import { isDefaultGroup } from '../model/well-known';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/** A rule with no description (the seed: every rule documented with its purpose). */
const NOT_BLANK = /\S/;

export const check: Check = {
  id: 'undocumented-rules',
  title: 'Rule without a description',
  severity: 'LOW',
  compliance: ['SOC2', 'PCI-DSS'],
  remediation: "Set the rule's description to its purpose (e.g. the baseline rule id and why it exists).",
  evaluate(context) {
    const scope = scopeOf(context);
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      if (isDefaultGroup(group)) continue;
      const role = scope.roleOfGroup(group);
      for (const rule of group.rules) {
        if (rule.description !== undefined && NOT_BLANK.test(rule.description)) continue;
        findings.push(
          finding(check, {
            group,
            role,
            rule,
            message: `${group.groupName}: ${formatRule(rule)} has no description`,
          }),
        );
      }
    }
    return findings;
  },
};
