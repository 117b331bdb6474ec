import { ENVIRONMENT_TAG, isDefaultGroup, tagText } from '../model/well-known';
import { finding } from './finding';
import { scopeOf } from './scope';
import type { Check, Finding } from './types';

/**
 * A required tag missing (Name, Environment, ManagedBy), or `Environment` not equal to the
 * environment audited. Flags: redis without `ManagedBy`; `Environment=staging` in production.
 */
export const check: Check = {
  id: 'missing-tags',
  title: 'Required tag missing or wrong',
  severity: 'LOW',
  compliance: ['SOC2'],
  remediation:
    'Add the tag in Terraform (Name, Environment, ManagedBy) so ownership and environment are clear.',
  evaluate(context) {
    const scope = scopeOf(context);
    const { requiredTags, environment } = context.baseline;
    const findings: Finding[] = [];
    for (const group of scope.groups) {
      if (isDefaultGroup(group)) continue;
      const role = scope.roleOfGroup(group);
      for (const tag of requiredTags) {
        // Own tags only: a required tag called `constructor` is absent, not Object's constructor.
        const value = Object.hasOwn(group.tags, tag) ? group.tags[tag] : undefined;
        if (value === undefined || value.trim() === '') {
          findings.push(
            finding(check, { group, role, tag, message: `${group.groupName} has no ${tag} tag` }),
          );
        } else if (tag === ENVIRONMENT_TAG && value !== environment) {
          findings.push(
            finding(check, {
              group,
              role,
              tag,
              message: `${group.groupName} is tagged ${tagText(tag, value)}, expected ${environment}`,
            }),
          );
        }
      }
    }
    return findings;
  },
};
