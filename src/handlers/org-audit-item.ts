import middy from '@middy/core';
import { auditOrgItem, itemOf, type OrgItemPorts } from '../app/org-audit-item';
import { orgAuditRun } from '../app/org-audit-run';
import { createCrossAccountClients } from '../aws/cross-account';
import { createS3ResultStore, PUT_WORST_CASE_MS } from '../aws/s3-results';
import { requiredVar } from '../config';
import { InputError } from '../errors';
import { invocationBudget, type LambdaContext } from './invocation-budget';
import { loadOrgAuditRuntime, type OrgAuditRuntime } from './org-audit-runtime';

/** A fixed session name: what the member accounts' CloudTrail shows, never taken from input. */
export const ORG_AUDIT_ITEM_SESSION_NAME = 'sgdrift-org-audit';

/**
 * One Distributed Map child: `{ runId, startedAt, item }` → the item audited through its account's
 * member role in its region, its result file written, its small record returned. Clients and
 * credentials are cached per warm container, so the items a container serves share AssumeRoles.
 */
export function createOrgAuditItemHandler(
  runtime: OrgAuditRuntime = loadOrgAuditRuntime('orgAuditItem'),
  overrides: Partial<Pick<OrgItemPorts, 'store'>> = {},
) {
  const clients = createCrossAccountClients({
    roleName: requiredVar(runtime.env, 'MEMBER_ROLE_NAME'),
    sessionName: ORG_AUDIT_ITEM_SESSION_NAME,
    readOnly: true,
  });
  const resolved: OrgItemPorts = {
    readerFor: (accountId, region) => clients.readerFor(accountId, region),
    baselineFor: runtime.baselineFor,
    store: overrides.store ?? createS3ResultStore(runtime.resultsBucket),
  };
  return middy(
    async (event: { runId?: unknown; startedAt?: unknown; item?: unknown }, context?: LambdaContext) => {
      const run = orgAuditRun(event?.runId, event?.startedAt);
      const item = itemOf(event?.item);
      // Not an item of ours: fail the child (the map counts it) rather than audit a guess.
      if (!item) throw new InputError('org audit item: not an account-region item');
      // The result file's write keeps its worst case out of the function's time.
      const record = await auditOrgItem(
        run,
        item,
        resolved,
        {},
        invocationBudget(context, PUT_WORST_CASE_MS),
      );
      runtime.logger.info('org audit item', {
        runId: run.runId,
        accountId: record.accountId,
        region: record.region,
        status: record.status,
        failure: record.failure?.code,
      });
      return record;
    },
  );
}

export const handler = createOrgAuditItemHandler();
