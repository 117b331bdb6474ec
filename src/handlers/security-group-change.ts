import middy from '@middy/core';
import { type ChangeDeps, type ChangeSettings, processChangeEvent } from '../app/evaluate-change';
import { RecentIds } from '../app/recent-ids';
import { RoleGroupDirectory } from '../app/role-directory';
import { createCloudWatchMetrics } from '../aws/cloudwatch';
import { createEc2Reader } from '../aws/ec2-reader';
import { createSnsPublisher } from '../aws/sns';
import { loadRuntime, type Runtime } from './runtime';

/** Builds the handler and its container state (role directory, recent event ids) for one runtime. */
export function createChangeHandler(runtime: Runtime = loadRuntime('securityGroupChange')) {
  const { config, baseline, logger } = runtime;
  const settings: ChangeSettings = {
    baseline,
    selfRoleArn: config.selfRoleArn,
    notifyCompliantChanges: config.notifyCompliantChanges,
  };
  const deps: ChangeDeps = {
    reader: createEc2Reader(),
    publisher: createSnsPublisher(config.alertTopicArn),
    metrics: createCloudWatchMetrics(config.metricsNamespace),
    logger,
    now: () => new Date(),
    directory: new RoleGroupDirectory(baseline),
    seen: new RecentIds(),
  };
  return middy(async (event: unknown) => {
    const outcome = await processChangeEvent(event, deps, settings);
    return outcome.status === 'evaluated'
      ? { status: outcome.status, severity: outcome.assessment.severity, alerted: outcome.alert !== null }
      : { status: outcome.status, reason: outcome.reason };
  });
}

/** EventBridge → one CloudTrail security-group event → evaluation, alert, metrics. */
export const handler = createChangeHandler();
