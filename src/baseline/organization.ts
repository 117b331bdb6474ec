/**
 * Reading AWS Organizations answers (ListAccounts, ListAccountsForParent, ListParents) into what the
 * accounts map needs: account names, and the OU path an account sits on. Pure: the JSON in, the
 * facts out; anything malformed is skipped rather than guessed.
 */
import { isAccountId, OU_ID } from './account-syntax';

export interface OrganizationAccount {
  id: string;
  name: string | undefined;
}

interface RawAccount {
  Id?: unknown;
  Name?: unknown;
  Status?: unknown;
  State?: unknown;
}

/**
 * The active accounts of a ListAccounts / ListAccountsForParent page. Suspended or closed accounts
 * cannot be assumed into and are left out; the newer `State` field wins over `Status` when both exist.
 */
export function activeAccounts(page: unknown): OrganizationAccount[] {
  const raw = (page as { Accounts?: unknown } | null)?.Accounts;
  if (!Array.isArray(raw)) return [];
  return (raw as RawAccount[]).flatMap((account) => {
    if (typeof account?.Id !== 'string' || !isAccountId(account.Id)) return [];
    const state = account.State ?? account.Status;
    if (state !== undefined && state !== 'ACTIVE') return [];
    return [{ id: account.Id, name: typeof account.Name === 'string' ? account.Name : undefined }];
  });
}

/** The parent id of a ListParents answer (an account or OU has exactly one parent). */
export function parentOf(answer: unknown): string | undefined {
  const parents = (answer as { Parents?: unknown } | null)?.Parents;
  if (!Array.isArray(parents) || parents.length !== 1) return undefined;
  const id = (parents[0] as { Id?: unknown })?.Id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The OU path of an account, nearest OU first, by walking `parentOf` up to the root (`r-…`).
 * A cycle or an unknown parent ends the walk: what was found so far is returned.
 */
export function ouPathOf(childId: string, parent: (id: string) => string | undefined): string[] {
  const path: string[] = [];
  for (let id = parent(childId); id?.startsWith('ou-') && !path.includes(id); id = parent(id)) {
    path.push(id);
  }
  return path;
}

/**
 * The OU ids of a ListOrganizationalUnitsForParent page. The API returns `Id`; the published CLI
 * example shows only `Arn`, whose last segment is the same id: it is used when `Id` is absent.
 */
export function organizationalUnitIds(page: unknown): string[] {
  const raw = (page as { OrganizationalUnits?: unknown } | null)?.OrganizationalUnits;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((unit: { Id?: unknown; Arn?: unknown } | null) => {
    const id =
      typeof unit?.Id === 'string'
        ? unit.Id
        : typeof unit?.Arn === 'string'
          ? unit.Arn.split('/').pop()
          : undefined;
    return id !== undefined && OU_ID.test(id) ? [id] : [];
  });
}
