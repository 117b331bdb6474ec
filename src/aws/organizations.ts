import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrganizationDirectory } from '../app/org-audit-items';
import { activeAccounts, organizationalUnitIds } from '../baseline/organization';
import { UnitNotFoundError } from '../errors';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';
import { allItems, pages } from './pages';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const ORGANIZATIONS_IAM_ACTIONS = [
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
] as const;

/** Organizations throttles hard (a few calls a second): more attempts, the SDK's backoff between them. */
export const ORGANIZATIONS_TIMEOUTS: CallTimeouts = { connectionMs: 1000, requestMs: 5000, maxAttempts: 5 };
/** 20 accounts a page: 500 pages is 10,000 accounts under one OU, the organization's own quota. */
const MAX_PAGES = 500;

/** Organizations' read side for the org audit's item list (the management or delegated admin account). */
export function createOrganizationDirectory(
  client: OrganizationsClient = new OrganizationsClient({
    ...clientTimeouts(ORGANIZATIONS_TIMEOUTS),
    retryMode: 'adaptive',
  }),
): OrganizationDirectory {
  /** Every page of a listing under `parentId`; an OU that does not exist is a UnitNotFoundError. */
  const underParent = async <Page extends { NextToken?: string }, Item>(
    operation: string,
    parentId: string,
    fetch: (NextToken: string | undefined) => Promise<Page>,
    itemsOf: (page: Page) => readonly Item[],
  ): Promise<Item[]> => {
    try {
      return await allItems(pages(operation, fetch, MAX_PAGES), itemsOf);
    } catch (error) {
      if (error instanceof Error && error.name === 'ParentNotFoundException') {
        throw new UnitNotFoundError(`${parentId}: no such organizational unit`, { cause: error });
      }
      throw error;
    }
  };
  return {
    accountsForParent: (parentId) =>
      underParent(
        'ListAccountsForParent',
        parentId,
        (NextToken) => client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken })),
        activeAccounts,
      ),
    unitsForParent: (parentId) =>
      underParent(
        'ListOrganizationalUnitsForParent',
        parentId,
        (NextToken) =>
          client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken })),
        organizationalUnitIds,
      ),
  };
}
