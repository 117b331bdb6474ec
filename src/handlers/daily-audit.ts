import middy from '@middy/core';
import { runDailyAudit } from '../app/daily-audit';
import { createCloudWatchMetrics } from '../aws/cloudwatch';
import { createEc2Reader } from '../aws/ec2-reader';
import { createSnsPublisher } from '../aws/sns';
import { loadRuntime, type Runtime } from './runtime';

/** Builds the daily-audit handler for one runtime (configuration and baseline read at cold start). */
export function createDailyAuditHandler(runtime: Runtime = loadRuntime('dailyAudit')) {
  const { config, baseline, logger } = runtime;
  const deps = {
    reader: createEc2Reader(),
    publisher: createSnsPublisher(config.alertTopicArn),
    metrics: createCloudWatchMetrics(config.metricsNamespace),
    logger,
    now: () => new Date(),
  };
  // The event (a schedule, or `{}` by hand) carries nothing the audit needs.
  return middy(async (_event: unknown) => {
    const { result } = await runDailyAudit(baseline, deps);
    return {
      environment: result.environment,
      compliant: result.compliant,
      groups: result.summary.groups,
      rules: result.summary.rules,
      findings: result.summary.findings,
      suppressed: result.suppressed.length,
    };
  });
}

/** EventBridge schedule (or a manual `{}`) → the full audit → one digest, one metrics call. */
export const handler = createDailyAuditHandler();
