import middy from '@middy/core';
import type { ResultStore } from '../app/org-audit-item';
import { listOrgAuditItems, type OrganizationDirectory } from '../app/org-audit-items';
import { orgAuditRun } from '../app/org-audit-run';
import { createOrganizationDirectory } from '../aws/organizations';
import { createS3ResultStore } from '../aws/s3-results';
import { loadOrgAuditRuntime, type OrgAuditRuntime } from './org-audit-runtime';

export interface OrgAuditListDeps {
  directory: OrganizationDirectory;
  store: ResultStore;
}

/**
 * The state machine's first step: `{ runId, startedAt }` (the execution's name and start time) →
 * the item list written to the run's `items.json`, for the Distributed Map's ItemReader, and the
 * run's keys the next states read. The list
 * goes to S3, not into the state: 17,000 items are far beyond a state's 256 KB.
 */
export function createOrgAuditListHandler(
  runtime: OrgAuditRuntime = loadOrgAuditRuntime('orgAuditList'),
  deps: OrgAuditListDeps = {
    directory: createOrganizationDirectory(),
    store: createS3ResultStore(runtime.resultsBucket),
  },
) {
  return middy(async (event: { runId?: unknown; startedAt?: unknown }) => {
    const run = orgAuditRun(event?.runId, event?.startedAt);
    const listed = await listOrgAuditItems(runtime.accounts, deps.directory);
    await deps.store.putJson(run.itemsKey, listed.items);
    // For the digest: accounts that were never listed are not audited, and must be said to be.
    await deps.store.putJson(run.missingUnitsKey, listed.missingUnits);
    if (listed.missingUnits.length > 0) {
      runtime.logger.error(
        'organizational units of the accounts map not found: their accounts are not audited',
        {
          runId: run.runId,
          missingUnits: listed.missingUnits,
        },
      );
    }
    runtime.logger.info('org audit items listed', {
      runId: run.runId,
      items: listed.items.length,
      listedAccounts: listed.listedAccounts,
      unitAccounts: listed.unitAccounts,
    });
    return {
      runId: run.runId,
      startedAt: event.startedAt,
      itemsKey: run.itemsKey,
      // The map's ResultWriter prefix (deploy/org-audit.asl.json reads every field returned here).
      mapPrefix: run.mapPrefix,
      items: listed.items.length,
      missingUnits: listed.missingUnits,
    };
  });
}

export const handler = createOrgAuditListHandler();
