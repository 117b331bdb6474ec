import middy from '@middy/core';
import { runOrgDigest } from '../app/org-audit-digest';
import type { ResultStore } from '../app/org-audit-item';
import { orgAuditRun } from '../app/org-audit-run';
import type { AlertPublisher, MetricsPublisher } from '../app/ports';
import { createCloudWatchMetrics } from '../aws/cloudwatch';
import { createS3ResultStore } from '../aws/s3-results';
import { createSnsPublisher } from '../aws/sns';
import { requiredVar } from '../config';
import { loadOrgAuditRuntime, type OrgAuditRuntime } from './org-audit-runtime';

export interface OrgAuditDigestDeps {
  store: ResultStore;
  publisher: AlertPublisher;
  metrics: MetricsPublisher;
}

/** The state machine's last step: `{ runId, startedAt }` → ONE organization digest and the org metrics. */
export function createOrgAuditDigestHandler(
  runtime: OrgAuditRuntime = loadOrgAuditRuntime('orgAuditDigest'),
  deps: OrgAuditDigestDeps = {
    store: createS3ResultStore(runtime.resultsBucket),
    publisher: createSnsPublisher(requiredVar(runtime.env, 'ALERT_TOPIC_ARN')),
    metrics: createCloudWatchMetrics(runtime.metricsNamespace),
  },
) {
  return middy(async (event: { runId?: unknown; startedAt?: unknown }) => {
    const run = orgAuditRun(event?.runId, event?.startedAt);
    return runOrgDigest(run, { ...deps, logger: runtime.logger, bucket: runtime.resultsBucket });
  });
}

export const handler = createOrgAuditDigestHandler();
