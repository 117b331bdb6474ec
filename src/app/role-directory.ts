import { resolveRoles } from '../baseline/resolver';
import type { EnvironmentBaseline, RoleResolution } from '../baseline/types';
import type { SecurityGroup } from '../model/types';
import type { SecurityGroupReader } from './ports';

/**
 * Remembers which group ids play the baseline's roles, so the change path reads the affected
 * groups and the role groups their rules refer to in ONE DescribeSecurityGroups per event.
 * Filled on first use (by name / Name tag), refreshed when a role's group is not found.
 *
 * It also remembers every other group that answered to a role's selector (a lookalike), so each
 * read includes it and the role is seen as ambiguous. A role keeps the group it had when this
 * container first resolved it: a role that now resolves to another group stays `switched` (no
 * revert touches it) for the container's life, and the change is news (alerted) only once. Within
 * a container an attacker cannot confirm a new group by deleting and recreating one; a new
 * container trusts whichever group resolves at its first lookup, so pinning the role groups' VPC
 * (`vpcIds`) in the baseline is the guard that outlives containers (docs/decisions.md, known limits).
 */
const REFRESH_INTERVAL_MS = 5 * 60 * 1000;

export class RoleGroupDirectory {
  private readonly ids = new Map<string, string>();
  private readonly candidates = new Set<string>();
  /** `role → group id` switches already reported, so each is alerted once. */
  private readonly reportedSwitches = new Set<string>();
  private filled = false;
  private refreshedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly baseline: EnvironmentBaseline) {}

  /** The role group ids and every lookalike seen (fills the directory on first use). */
  async groupIds(reader: SecurityGroupReader): Promise<string[]> {
    if (!this.filled) await this.refresh(reader);
    return [...new Set([...this.ids.values(), ...this.candidates])];
  }

  /** role → the group id it had when last evaluated: what a new resolution is compared with. */
  previous(): ReadonlyMap<string, string> {
    return this.ids;
  }

  /** The role a group id played when last seen, if any (to name a deleted group's role). */
  roleOf(groupId: string): string | undefined {
    for (const [role, id] of this.ids) if (id === groupId) return role;
    return undefined;
  }

  /**
   * Re-reads the role groups when the last read is older than `minIntervalMs`: a role that has no
   * group (deleted, or absent in this environment) must not cost extra reads on every event.
   */
  async refreshIfStale(
    reader: SecurityGroupReader,
    now: number,
    minIntervalMs = REFRESH_INTERVAL_MS,
  ): Promise<SecurityGroup[]> {
    return now - this.refreshedAt < minIntervalMs ? [] : this.refresh(reader, now);
  }

  /**
   * Re-reads the groups that answer to the roles' selectors and returns them. On the first fill the
   * roles that resolve are remembered; later, a new group only joins the candidates read with every
   * event, and the next evaluation decides (ambiguous, or changed group, both reported). Only a
   * read that completes counts as the refresh: after a failed one, the retry reads again.
   */
  async refresh(reader: SecurityGroupReader, now: number = Date.now()): Promise<SecurityGroup[]> {
    const names = this.baseline.roles.flatMap((role) => role.selector.groupName ?? []);
    const tags = this.baseline.roles.flatMap((role) => role.selector.nameTag ?? []);
    const [byName, byTag] = await Promise.all([
      names.length > 0 ? reader.describeGroupsByName(names) : [],
      tags.length > 0 ? reader.describeGroupsByNameTag(tags) : [],
    ]);
    const found = [...byName, ...byTag];
    this.refreshedAt = now;
    for (const group of found) this.candidates.add(group.groupId);
    if (!this.filled) this.remember(resolveRoles(this.baseline, { groups: found }));
    this.filled = true;
    return found;
  }

  /**
   * Records an evaluated resolution: the groups of roles seen for the first time, the candidates of
   * ambiguous roles (and a switched role's new group, read with every event from now on). A role
   * already known keeps its group. Returns the switches this resolution reports for the first time.
   */
  remember(resolution: RoleResolution): Set<string> {
    for (const [role, group] of resolution.groupOfRole) {
      if (!this.ids.has(role)) this.ids.set(role, group.groupId);
      else if (this.ids.get(role) !== group.groupId) this.candidates.add(group.groupId);
    }
    for (const groups of resolution.ambiguous.values())
      for (const group of groups) this.candidates.add(group.groupId);
    const news = new Set<string>();
    for (const role of resolution.switched.keys()) {
      const key = `${role}→${resolution.groupOfRole.get(role)?.groupId ?? ''}`;
      if (!this.reportedSwitches.has(key)) news.add(role);
      this.reportedSwitches.add(key);
    }
    return news;
  }
}
