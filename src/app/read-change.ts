import { resolveRoles } from '../baseline/resolver';
import type { EnvironmentBaseline } from '../baseline/types';
import { TimeBudgetError } from '../errors';
import type { ChangeEvent } from '../events/types';
import type { Estate, SecurityGroup } from '../model/types';
import type { AuditResult } from '../report/audit-result';
import { assessChange, type ChangeAssessment } from './assess-change';
import type { SecurityGroupReader } from './ports';
import { readAttachedInterfaces } from './read-attachments';
import type { RoleGroupDirectory } from './role-directory';
import { auditEstate } from './run-audit';

/**
 * Reads the affected groups and the role groups their rules refer to in one DescribeSecurityGroups,
 * then judges them: which findings this event created (see assessChange). An attachment event first
 * reads the interfaces it names (one DescribeNetworkInterfaces): their groups are affected too, and
 * the estate carries those interfaces — no route tables here, so exposure rests on public addresses.
 */
export async function readAndAssess(
  event: ChangeEvent,
  reader: SecurityGroupReader,
  directory: RoleGroupDirectory,
  baseline: EnvironmentBaseline,
  now: Date,
  signal?: AbortSignal,
): Promise<{ assessment: ChangeAssessment; audit: AuditResult }> {
  const named = event.groupNames.length > 0 ? await reader.describeGroupsByName(event.groupNames) : [];
  const attached = event.attachments ? await readAttachedInterfaces(event.attachments, reader) : null;
  const affectedIds = new Set([
    ...event.groupIds,
    ...named.map((group) => group.groupId),
    ...(attached?.groupIds ?? []),
  ]);
  let groups = await reader.describeGroups([...affectedIds, ...(await directory.groupIds(reader))]);
  if (resolveRoles(baseline, { groups }).groupOfRole.size < baseline.roles.length) {
    // A role group may have been recreated under a new id: look it up by selector (rate-limited).
    groups = mergeById(groups, await directory.refreshIfStale(reader, now.getTime()));
  }
  const estate: Estate = attached ? { groups, interfaces: attached.interfaces } : { groups };
  const audit = auditEstate(baseline, estate, { now, previousRoleGroups: directory.previous() });
  const deleted = deletedRoles(event, affectedIds, groups, audit, directory);
  // A read the time budget gave up on is retried by Lambda: remembering its role changes as
  // reported would keep the retry from alerting them.
  if (signal?.aborted) throw new TimeBudgetError('the read of the changed groups: abandoned');
  // After the evaluation that reported any change of a role's group (ambiguous-roles), not before.
  const newSwitches = directory.remember(audit.resolution);
  const judged = attached ? { ...event, attachments: attached.attachments } : event;
  return { assessment: assessChange(judged, audit, affectedIds, deleted, newSwitches), audit };
}

/**
 * Affected groups that no longer exist → the roles they may have played: the one the directory
 * remembers, or, for a group deleted before this container ever saw it, every role now without one.
 */
function deletedRoles(
  event: ChangeEvent,
  affectedIds: ReadonlySet<string>,
  groups: readonly SecurityGroup[],
  audit: AuditResult,
  directory: RoleGroupDirectory,
): Map<string, string[]> {
  const present = new Set(groups.map((group) => group.groupId));
  const deletedByEvent = new Set(
    event.changes.flatMap((change) =>
      change.action === 'group-deleted' && change.groupId ? [change.groupId] : [],
    ),
  );
  const rolesWithoutGroup = audit.baseline.roles
    .map((role) => role.role)
    .filter((role) => !audit.resolution.groupOfRole.has(role));
  const deleted = new Map<string, string[]>();
  for (const id of affectedIds) {
    if (present.has(id)) continue;
    const known = directory.roleOf(id);
    if (known !== undefined) deleted.set(id, [known]);
    else if (deletedByEvent.has(id) && rolesWithoutGroup.length > 0) deleted.set(id, rolesWithoutGroup);
  }
  // A default-VPC DeleteSecurityGroup names the group only: the roles selected by that name that now
  // have no group are the ones it may have played (keyed by the name: no group id starts like a name).
  for (const change of event.changes) {
    if (change.action !== 'group-deleted' || change.groupId !== null || change.groupName === undefined)
      continue;
    const name = change.groupName;
    const roles = rolesWithoutGroup.filter(
      (role) => audit.baseline.roles.find((each) => each.role === role)?.selector.groupName === name,
    );
    if (roles.length > 0 && !groups.some((group) => group.groupName === name)) deleted.set(name, roles);
  }
  return deleted;
}

function mergeById(a: readonly SecurityGroup[], b: readonly SecurityGroup[]): SecurityGroup[] {
  const byId = new Map(a.map((group) => [group.groupId, group]));
  for (const group of b) byId.set(group.groupId, group);
  return [...byId.values()];
}
