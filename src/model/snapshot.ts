/** A snapshot file (describe-security-groups JSON, optionally with rules and interfaces) to an Estate. */
import { SnapshotError } from '../errors';
import { attachedGroupIdsOf, normalizeNetworkInterfaces } from './interfaces';
import { expectArray } from './json-shape';
import {
  normalizeGroup,
  normalizeGroupRules,
  type RawSecurityGroup,
  type RawSecurityGroupRule,
} from './normalize';
import { readRouteTables } from './route-tables';
import type { Estate, SecurityGroup } from './types';

const EXPECTED =
  'expected an object with SecurityGroups (describe-security-groups) or SecurityGroupRules (describe-security-group-rules)';

/**
 * Reads the JSON of `aws ec2 describe-security-groups` as is. `SecurityGroupRules` (from
 * describe-security-group-rules), when present, replace the rules read from IpPermissions, so
 * rules carry their `sgr-` ids; `NetworkInterfaces` (from describe-network-interfaces), when
 * present, give the interfaces (what each group is attached to) and `attachedGroupIds`;
 * `RouteTables` (describe-route-tables) say which subnets an internet gateway reaches. A `SecurityGroupRules` listing on its own (also what
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
    // A group whose own IpPermissions hold rules but which has no row at all was left out of the
    // listing (a describe-security-group-rules filtered to other groups): taking it as "no rules"
    // would hide whatever it opens. Refused rather than guessed.
    for (const group of estate.groups) {
      const rows = rulesByGroup.get(group.groupId);
      if (rows === undefined && group.rules.length > 0) {
        throw new SnapshotError(
          `${source}: SecurityGroupRules: no rule of ${group.groupId}, whose IpPermissions hold ${group.rules.length}; the listing is partial (list the rules of every group, or leave SecurityGroupRules out)`,
        );
      }
      group.rules = rows ?? [];
    }
  }

  if (snapshot.NetworkInterfaces !== undefined) {
    const interfaces = normalizeNetworkInterfaces(snapshot.NetworkInterfaces, `${source}: NetworkInterfaces`);
    estate.interfaces = interfaces;
    estate.attachedGroupIds = attachedGroupIdsOf(interfaces);
  }
  if (snapshot.RouteTables !== undefined) {
    estate.routes = readRouteTables(snapshot.RouteTables, `${source}: RouteTables`);
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
