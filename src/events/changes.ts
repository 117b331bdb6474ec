/** The rule changes of one event, read where its EventSpec says they are. */
import { ruleKey } from '../model/rule-key';
import type { Rule } from '../model/types';
import type { RuleEventSpec } from './event-table';
import { ruleReplacements } from './modify';
import { ipPermissionRules, legacyFlatRules } from './permissions';
import { at, field, type JsonObject, text } from './read';
import { ruleIds, ruleSetEntries } from './rule-set';
import type { RuleChange, RuleDelta } from './types';

/**
 * The changes an event made to `groupId`, or to the group named `groupName` when the call gave no
 * id (default VPC): a change without an id keeps the name, the only thing that says which group it was.
 */
export function readChanges(
  spec: RuleEventSpec,
  record: JsonObject,
  groupId: string | null,
  groupName: string | null,
): RuleChange[] {
  return readChangesOf(spec, record, groupId).map((change) =>
    change.groupId === null && groupName !== null ? { ...change, groupName } : change,
  );
}

function readChangesOf(spec: RuleEventSpec, record: JsonObject, groupId: string | null): RuleChange[] {
  const rulesAt = spec.rulesAt === null ? undefined : at(record, spec.rulesAt);
  switch (spec.rules) {
    case 'group':
      return [{ action: spec.action, groupId, direction: null, rule: null, ruleId: null }];
    case 'modify-request':
      return ruleReplacements(rulesAt).map(({ ruleId, rule }) => ({
        action: spec.action,
        groupId,
        direction: null,
        rule,
        ruleId,
      }));
    case 'ip-permissions':
      return permissionChanges(spec, record, rulesAt, groupId);
  }
}

type PermissionSpec = Extract<RuleEventSpec, { rules: 'ip-permissions' }>;

function permissionChanges(
  spec: PermissionSpec,
  record: JsonObject,
  params: unknown,
  groupId: string | null,
): RuleDelta[] {
  const delta = (rule: Rule | null, ruleId: string | null, group = groupId): RuleDelta => ({
    action: spec.action,
    groupId: group,
    direction: rule?.direction ?? spec.direction,
    rule,
    ruleId,
  });
  // The account whose group changed: a peer group of that same account is not "another account".
  const owner = text(field(record, 'recipientAccountId'));
  // The response rule set is what AWS applied, with the `sgr-` ids: prefer it to the request.
  const applied =
    spec.ruleSetAt === null ? [] : ruleSetEntries(at(record, spec.ruleSetAt), spec.direction, owner);
  if (applied.length > 0) {
    return applied.map((entry) => delta(entry.rule, entry.rule.ruleId ?? null, entry.groupId ?? groupId));
  }
  const unknown = new Set(
    spec.unknownPermissionsAt === null
      ? []
      : ipPermissionRules(at(record, spec.unknownPermissionsAt), spec.direction, owner).map(ruleKey),
  );
  const requested = [
    ...ipPermissionRules(at(params, ['ipPermissions']), spec.direction, owner),
    ...legacyFlatRules(params, spec.direction, owner),
  ].filter((rule) => !unknown.has(ruleKey(rule)));
  const byId = spec.ruleIdsAt === null ? [] : ruleIds(at(record, spec.ruleIdsAt));
  return [...requested.map((rule) => delta(rule, null)), ...byId.map((id) => delta(null, id))];
}
