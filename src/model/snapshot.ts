/** A snapshot file (describe-security-groups JSON, optionally with rules and interfaces) to an Estate. */
import { SnapshotError } from '../errors';
import {
  normalizeGroup,
  normalizeGroupRules,
  type RawSecurityGroup,
  type RawSecurityGroupRule,
  shapeError,
} from './normalize';
import type { Estate, SecurityGroup } from './types';

const EXPECTED =
  'expected an object with SecurityGroups (describe-security-groups) or SecurityGroupRules (describe-security-group-rules)';

/**
 * Reads the JSON of `aws ec2 describe-security-groups` as is. `SecurityGroupRules` (from
 * describe-security-group-rules), when present, replace the rules read from IpPermissions, so
 * rules carry their `sgr-` ids; `NetworkInterfaces` (from describe-network-interfaces), when
 * present, give `attachedGroupIds`. A `SecurityGroupRules` listing on its own (also what
 * authorize-security-group-* return) is an estate of groups known by id only (`rulesOnly`).
 * Wrong shapes raise a one-line SnapshotError naming `source` and the JSON path.
 */
export function readSnapshot(json: unknown, source: string): Estate {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SnapshotError(`${source}: ${EXPECTED}`);
  }
  const snapshot = json as Record<string, unknown>;
  if (snapshot.SecurityGroups === undefined) {
    if (snapshot.SecurityGroupRules !== undefined) return readRulesOnly(snapshot.SecurityGroupRules, source);
    throw new SnapshotError(`${source}: ${EXPECTED}`);
  }
  const rawGroups = expectArray(snapshot.SecurityGroups, `${source}: SecurityGroups`);
  const groups = new Array<SecurityGroup>(rawGroups.length);
  const seen = new Set<string>();
  for (let i = 0; i < rawGroups.length; i++) {
    const group = normalizeGroup(rawGroups[i] as RawSecurityGroup, `${source}: SecurityGroups[${i}]`);
    // Two pages concatenated twice would count every rule twice: refuse rather than guess.
    if (seen.has(group.groupId)) {
      throw new SnapshotError(`${source}: SecurityGroups[${i}].GroupId: ${group.groupId} appears twice`);
    }
    seen.add(group.groupId);
    groups[i] = group;
  }
  const estate: Estate = { groups };

  if (snapshot.SecurityGroupRules !== undefined) {
    const rawRules = expectArray(snapshot.SecurityGroupRules, `${source}: SecurityGroupRules`);
    const rulesByGroup = normalizeGroupRules(
      rawRules as readonly RawSecurityGroupRule[],
      `${source}: SecurityGroupRules`,
    );
    // The rules listing is the complete truth for each group it was read with; rows of groups
    // outside SecurityGroups (a listing wider than the group filter) have nothing to attach to.
    for (const group of estate.groups) group.rules = rulesByGroup.get(group.groupId) ?? [];
  }

  if (snapshot.NetworkInterfaces !== undefined) {
    estate.attachedGroupIds = readAttachedGroupIds(
      snapshot.NetworkInterfaces,
      `${source}: NetworkInterfaces`,
    );
  }
  return estate;
}

/** Groups known only by the ids their rules carry: no name, tags or VPC. */
function readRulesOnly(value: unknown, source: string): Estate {
  const rawRules = expectArray(value, `${source}: SecurityGroupRules`);
  const rulesByGroup = normalizeGroupRules(
    rawRules as readonly RawSecurityGroupRule[],
    `${source}: SecurityGroupRules`,
  );
  const groups = [...rulesByGroup].map(([groupId, rules]) => ({
    groupId,
    groupName: groupId,
    tags: {},
    rules,
  }));
  return { groups, rulesOnly: true };
}

function readAttachedGroupIds(value: unknown, path: string): Set<string> {
  const interfaces = expectArray(value, path);
  const attached = new Set<string>();
  for (let i = 0; i < interfaces.length; i++) {
    const networkInterface = interfaces[i];
    if (
      typeof networkInterface !== 'object' ||
      networkInterface === null ||
      Array.isArray(networkInterface)
    ) {
      throw shapeError(`${path}[${i}]`, 'an object', networkInterface);
    }
    const groups = (networkInterface as Record<string, unknown>).Groups;
    // Some requester-managed interfaces carry no groups at all.
    if (groups === undefined || groups === null) continue;
    const list = expectArray(groups, `${path}[${i}].Groups`);
    for (let j = 0; j < list.length; j++) {
      const group = list[j];
      if (typeof group !== 'object' || group === null || Array.isArray(group)) {
        throw shapeError(`${path}[${i}].Groups[${j}]`, 'an object', group);
      }
      const groupId = (group as Record<string, unknown>).GroupId;
      if (typeof groupId !== 'string' || groupId === '') {
        throw shapeError(`${path}[${i}].Groups[${j}].GroupId`, 'a non-empty string', groupId);
      }
      attached.add(groupId);
    }
  }
  return attached;
}

function expectArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw shapeError(path, 'an array', value);
  return value;
}
