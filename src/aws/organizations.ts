import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrganizationDirectory } from '../app/org-audit-items';
import { activeAccounts, organizationalUnitIds } from '../baseline/organization';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';
import { pages } from './pages';

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
  return {
    async accountsForParent(parentId) {
      const out = [];
      for await (const page of pages(
        'ListAccountsForParent',
        (NextToken) => client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken })),
        MAX_PAGES,
      )) {
        out.push(...activeAccounts(page));
      }
      return out;
    },
    async unitsForParent(parentId) {
      const out = [];
      for await (const page of pages(
        'ListOrganizationalUnitsForParent',
        (NextToken) =>
          client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken })),
        MAX_PAGES,
      )) {
        out.push(...organizationalUnitIds(page));
      }
      return out;
    },
  };
}
