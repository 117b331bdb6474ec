/**
 * Which groups `baseline init` makes roles of, what each role is called and how its selector finds
 * it again: the half of the round trip that makes every role resolve to its own group, and only it.
 */
import { InputError } from '../errors';
import type { Estate, SecurityGroup } from '../model/types';
import { isDefaultGroup } from '../model/well-known';
import { EC2_CLASSIC, SELECTOR_VPC, SELF_ROLE, VPC_ID } from './syntax';
import type { GroupSelector } from './types';

/** A group made a role: its role name and the selector that finds it. */
export interface PickedGroup {
  group: SecurityGroup;
  role: string;
  selector: GroupSelector;
}

export interface PickedGroups {
  picked: PickedGroup[];
  /** The VPCs to pin (`vpcIds`), or undefined when a group has no valid VPC id to pin. */
  vpcIds: string[] | undefined;
  /** The baseline's name. */
  name: string;
  /** `default` groups in scope: not roles; `default-group-open` judges them. */
  defaults: SecurityGroup[];
  /** What a person should know: groups left out and why, why nothing is pinned. */
  notes: string[];
}

const GENERIC_SUFFIXES = new Set(['sg', 'secgroup', 'securitygroup']);

/** Every non-default group in scope as a role, named and selected so that it resolves to itself. */
export function pickGroups(
  estate: Estate,
  options: { environment: string; vpcId?: string; name?: string },
): PickedGroups {
  const { vpcId } = options;
  const notes: string[] = [];
  const inScope = estate.groups
    .filter((group) => vpcId === undefined || group.vpcId === vpcId)
    .sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  const defaults = inScope.filter(isDefaultGroup);
  const candidates = inScope.filter((group) => !isDefaultGroup(group));
  if (candidates.length === 0) throw nothingToAdopt(vpcId, defaults);

  // Same-named groups in other VPCs (or EC2-Classic) are other roles: their selectors name the VPC.
  // Counted over the whole estate, as an unpinned audit matches selectors everywhere.
  const nameCount = countBy(
    estate.groups.filter((group) => !isDefaultGroup(group)),
    (group) => group.groupName,
  );
  const pickedNameCount = countBy(candidates, (group) => group.groupName);
  const seen = new Set<string>();
  const kept: Array<{ group: SecurityGroup; selector: GroupSelector }> = [];
  for (const group of candidates) {
    const where = group.vpcId ?? EC2_CLASSIC;
    const key = `${group.groupName}\u0000${where}`;
    if (group.groupName.trim() === '' || seen.has(key)) {
      notes.push(`Not a role: ${group.groupId}, whose name is blank or shared with a group of the same VPC.`);
      continue;
    }
    seen.add(key);
    const selector: GroupSelector = { groupName: group.groupName };
    if ((nameCount.get(group.groupName) ?? 0) > 1) {
      if (!SELECTOR_VPC.test(where)) {
        notes.push(
          `Not a role: ${group.groupId}: its name is also used in another VPC, and its VPC id ${where} cannot be written (vpc-…).`,
        );
        continue;
      }
      selector.vpcId = where;
    }
    kept.push({ group, selector });
  }

  const { name, roleOf } = nameRoles(
    kept.map(({ group }) => group),
    (group) => (pickedNameCount.get(group.groupName) ?? 0) > 1,
    options,
  );
  const picked = kept.map(({ group, selector }) => ({ group, selector, role: roleOf.get(group) ?? '' }));

  const vpcs = vpcId ? [vpcId] : [...new Set(picked.flatMap(({ group }) => group.vpcId ?? []))];
  const pinnable = picked.every(({ group }) => group.vpcId !== undefined && VPC_ID.test(group.vpcId));
  if (!pinnable && vpcs.length > 0) {
    notes.push(
      'No vpcIds pin: a group is EC2-Classic or its VPC id is not one (vpc-…); the audit scopes to the VPCs the roles resolve in.',
    );
  }
  return { picked, vpcIds: pinnable && vpcs.length > 0 ? vpcs : undefined, name, defaults, notes };
}

/** Role names from group names: `thebot-backend-sg` → `backend` (shared prefix and `sg` dropped). */
function nameRoles(
  groups: SecurityGroup[],
  repeated: (group: SecurityGroup) => boolean,
  options: { environment: string; name?: string },
): { name: string; roleOf: Map<SecurityGroup, string> } {
  const all = groups.map((group) => tokensOf(group.groupName));
  const shared = groups.length > 1 ? commonPrefix(all) : [];
  const name = options.name ?? (shared[0] && /^[a-z]/.test(shared[0]) ? shared[0] : 'baseline');
  const drop = new Set([...name.split('-'), options.environment, ...shared]);

  const roleOf = new Map<SecurityGroup, string>();
  const used = new Set<string>([SELF_ROLE]);
  groups.forEach((group, index) => {
    const tokens = [...(all[index] ?? [])];
    while (tokens.length > 1 && drop.has(tokens[0] ?? '')) tokens.shift();
    let base = tokens.join('-') || 'group';
    if (!/^[a-z]/.test(base)) base = `group-${base}`;
    // `web-sg` in two VPCs: `web-vpc-0abc…` and `web-vpc-0def…`.
    if (repeated(group)) base = `${base}-${tokensOf(group.vpcId ?? EC2_CLASSIC).join('-')}`;
    let role = base;
    for (let n = 2; used.has(role); n += 1) role = `${base}-${n}`;
    used.add(role);
    roleOf.set(group, role);
  });
  return { name, roleOf };
}

function tokensOf(name: string): string[] {
  const tokens = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (tokens.length > 1 && GENERIC_SUFFIXES.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens;
}

function commonPrefix(lists: string[][]): string[] {
  const first = lists[0] ?? [];
  const prefix: string[] = [];
  for (let i = 0; i < first.length - 1; i += 1) {
    if (lists.every((list) => list[i] === first[i] && list.length > i + 1)) prefix.push(first[i] ?? '');
    else break;
  }
  return prefix;
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

/** No group to make a role of; an estate of `default` groups only is told what that means. */
function nothingToAdopt(vpcId: string | undefined, defaults: SecurityGroup[]): InputError {
  const where = vpcId ? ` in ${vpcId}` : '';
  if (defaults.length === 0) return new InputError(`no security group${where} to build a baseline from`);
  return new InputError(
    `only default security groups${where} (${defaults.map((group) => group.groupId).join(', ')}): a VPC's default group is not a role, so there is nothing to declare; the audit judges default groups under any baseline (default-group-open: they should have no rules). Create a security group for each workload, attach it instead of default, and run baseline init again`,
  );
}
