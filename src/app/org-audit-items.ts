/**
 * The organization audit's first step: which account × region items to audit today. Accounts the
 * map lists by id always; accounts under the map's OU entries as Organizations lists them today
 * (active ones only, nested OUs included), so an account that joins an OU is audited from the next
 * run without a deploy. Regions come from the map (docs/decisions.md: no DescribeRegions per account).
 */
import {
  type AccountsMap,
  type AccountTarget,
  listedTargets,
  resolveAccount,
} from '../baseline/account-targets';
import type { OrganizationAccount } from '../baseline/organization';
import { UnitNotFoundError } from '../errors';
import { type AccountRegionItem, accountRegionItems } from './audit-account-region';

/** Organizations, read-only: the direct children of an OU (every page). */
export interface OrganizationDirectory {
  accountsForParent(parentId: string): Promise<OrganizationAccount[]>;
  unitsForParent(parentId: string): Promise<string[]>;
}

/** An OU tree larger than this is a loop or a mistake: stop walking rather than page forever. */
export const MAX_UNITS_WALKED = 10_000;

export interface OrgAuditItems {
  items: AccountRegionItem[];
  /** How many accounts each source gave (logged; the digest counts the items). */
  listedAccounts: number;
  unitAccounts: number;
  /** OU entries of the map Organizations does not know (any more): skipped, and said. */
  missingUnits: string[];
}

/**
 * The accounts of the map's OU entries (and their nested OUs), resolved by the nearest entry. An OU
 * that does not exist (deleted since the map was written) is skipped and listed in `missingUnits`:
 * one stale entry must not stop the audit of every other account.
 */
export async function unitTargets(
  map: AccountsMap,
  directory: OrganizationDirectory,
  skip: ReadonlySet<string>,
  missingUnits: string[] = [],
): Promise<AccountTarget[]> {
  const targets: AccountTarget[] = [];
  const seenAccounts = new Set(skip);
  const seenUnits = new Set<string>();
  // Each queued OU carries its path, nearest first, for resolveAccount.
  const queue: { id: string; path: string[] }[] = [...map.organizationalUnits.keys()].map((id) => ({
    id,
    path: [id],
  }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (seenUnits.has(next.id)) continue;
    seenUnits.add(next.id);
    if (seenUnits.size > MAX_UNITS_WALKED) break;
    let accounts: OrganizationAccount[];
    let units: string[];
    try {
      accounts = await directory.accountsForParent(next.id);
      units = await directory.unitsForParent(next.id);
    } catch (error) {
      if (!(error instanceof UnitNotFoundError)) throw error;
      missingUnits.push(next.id);
      continue;
    }
    for (const account of accounts) {
      if (seenAccounts.has(account.id)) continue;
      seenAccounts.add(account.id);
      const target = resolveAccount(map, account.id, { ouPath: next.path, organizationName: account.name });
      if (target) targets.push(target);
    }
    for (const unit of units) queue.push({ id: unit, path: [unit, ...next.path] });
  }
  return targets;
}

/** Every account-region item of the run: listed accounts first, in the map's order, then the OUs'. */
export async function listOrgAuditItems(
  map: AccountsMap,
  directory: OrganizationDirectory,
): Promise<OrgAuditItems> {
  const listed = listedTargets(map);
  // No OU entry, no Organizations call: the map alone works without Organizations access.
  const missingUnits: string[] = [];
  const fromUnits =
    map.organizationalUnits.size === 0
      ? []
      : await unitTargets(map, directory, new Set(listed.map((target) => target.accountId)), missingUnits);
  return {
    items: accountRegionItems([...listed, ...fromUnits]),
    listedAccounts: listed.length,
    unitAccounts: fromUnits.length,
    missingUnits,
  };
}
