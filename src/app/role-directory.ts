import { resolveRoles } from '../baseline/resolver';
import type { EnvironmentBaseline } from '../baseline/types';
import type { SecurityGroup } from '../model/types';
import type { SecurityGroupReader } from './ports';

/**
 * Remembers which group ids play the baseline's roles, so the change path reads the affected
 * groups and the role groups their rules refer to in ONE DescribeSecurityGroups per event.
 * Filled on first use (by name / Name tag), refreshed when a role's group is not found.
 */
const REFRESH_INTERVAL_MS = 5 * 60 * 1000;

export class RoleGroupDirectory {
  private readonly ids = new Map<string, string>();
  private filled = false;
  private refreshedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly baseline: EnvironmentBaseline) {}

  /** The known role group ids (fills the directory on first use). */
  async groupIds(reader: SecurityGroupReader): Promise<string[]> {
    if (!this.filled) await this.refresh(reader);
    return [...this.ids.values()];
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

  /** Re-reads the role groups by their selectors and returns them. */
  async refresh(reader: SecurityGroupReader, now: number = Date.now()): Promise<SecurityGroup[]> {
    this.refreshedAt = now;
    const names = this.baseline.roles.flatMap((role) => role.selector.groupName ?? []);
    const tags = this.baseline.roles.flatMap((role) => role.selector.nameTag ?? []);
    const [byName, byTag] = await Promise.all([
      names.length > 0 ? reader.describeGroupsByName(names) : [],
      tags.length > 0 ? reader.describeGroupsByNameTag(tags) : [],
    ]);
    this.remember([...byName, ...byTag]);
    this.filled = true;
    return [...byName, ...byTag];
  }

  /** Records the role groups found in a read. */
  remember(groups: readonly SecurityGroup[]): void {
    for (const [role, group] of resolveRoles(this.baseline, { groups: [...groups] }).groupOfRole)
      this.ids.set(role, group.groupId);
  }
}
