import { check as ambiguousRoles } from './ambiguous-roles';
import { check as blockedEgress } from './blocked-egress';
import { check as defaultGroupOpen } from './default-group-open';
import { check as expiredExceptions } from './expired-exceptions';
import { check as internetExposedRoles } from './internet-exposed-roles';
import { check as missingGroups } from './missing-groups';
import { check as missingRules } from './missing-rules';
import { check as missingTags } from './missing-tags';
import { check as permissiveRules } from './permissive-rules';
import { check as sideDoorGroups } from './side-door-groups';
import type { Check } from './types';
import { check as undocumentedRules } from './undocumented-rules';
import { check as unexpectedCarriers } from './unexpected-carriers';
import { check as unexpectedRules } from './unexpected-rules';
import { check as unknownGroups } from './unknown-groups';
import { check as unmatchedVpcPins } from './unmatched-vpc-pins';
import { check as unusedGroups } from './unused-groups';

/** Every check, in report order. Adding a check: one file in src/rules/ and one line here. */
export const CHECKS: readonly Check[] = [
  ambiguousRoles,
  unmatchedVpcPins,
  internetExposedRoles,
  permissiveRules,
  sideDoorGroups,
  unexpectedCarriers,
  missingRules,
  unexpectedRules,
  blockedEgress,
  missingTags,
  missingGroups,
  unknownGroups,
  defaultGroupOpen,
  unusedGroups,
  undocumentedRules,
  expiredExceptions,
];

/**
 * The checks that judge rules without knowing the groups' names, tags or VPCs: all that a
 * describe-security-group-rules listing on its own can be audited with.
 */
export const CHECKS_ON_RULES_ALONE: readonly string[] = ['permissive-rules', 'undocumented-rules'];

/** The checks with these ids; an unknown id is a usage error the caller reports. */
export function checksById(ids: readonly string[]): { checks: Check[]; unknown: string[] } {
  const byId = new Map(CHECKS.map((check) => [check.id, check]));
  const unknown = ids.filter((id) => !byId.has(id));
  const checks = ids.flatMap((id) => byId.get(id) ?? []);
  return { checks, unknown };
}
