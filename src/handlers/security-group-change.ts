import middy from '@middy/core';
import { type ChangeDeps, type ChangeSettings, processChangeEvent } from '../app/evaluate-change';
import { RecentIds, RecentMap } from '../app/recent-ids';
import { RoleGroupDirectory } from '../app/role-directory';
import { createCloudWatchMetrics } from '../aws/cloudwatch';
import { createEc2Reader } from '../aws/ec2-reader';
import { createChangeEc2Client, createEc2Writer } from '../aws/ec2-writer';
import { createSnsPublisher } from '../aws/sns';
import { ConfigError } from '../errors';
import type { MonitorHome } from '../events/origin';
import { invocationBudget, type LambdaContext } from './invocation-budget';
import { atColdStart, loadRuntime, type Runtime, revertSettingsOf } from './runtime';

/** Kept here too: the handler tests size their timeouts by it. */
export { ALERT_RESERVE_MS } from './invocation-budget';

/** Builds the handler and its container state (role directory, recent event ids) for one runtime. */
export function createChangeHandler(runtime: Runtime = loadRuntime('securityGroupChange')) {
  const { config, baseline, logger } = runtime;
  const settings: ChangeSettings = {
    baseline,
    home: atColdStart('securityGroupChange', () => monitorHome(runtime)),
    selfRoleArn: config.selfRoleArn,
    notifyCompliantChanges: config.notifyCompliantChanges,
    autoRevert: revertSettingsOf(config),
  };
  // One client (adaptive retry: throttling slows the client down instead of failing a revert).
  const ec2 = createChangeEc2Client();
  const reader = createEc2Reader(ec2);
  const deps: ChangeDeps = {
    reader,
    publisher: createSnsPublisher(config.alertTopicArn),
    metrics: createCloudWatchMetrics(config.metricsNamespace),
    logger,
    now: () => new Date(),
    directory: new RoleGroupDirectory(baseline),
    seen: new RecentIds(),
    unsent: new RecentMap(100),
    revert: { rules: reader, writer: createEc2Writer(ec2) },
  };
  return middy(async (event: unknown, context?: LambdaContext) => {
    const outcome = await processChangeEvent(event, deps, settings, invocationBudget(context));
    return outcome.status === 'evaluated'
      ? {
          status: outcome.status,
          severity: outcome.assessment.severity,
          alerted: outcome.alert !== null,
          revert: outcome.revert?.status ?? null,
        }
      : { status: outcome.status, reason: outcome.reason };
  });
}

/** The account and region this function watches; without both it would act on anyone's events. */
function monitorHome({ config }: Runtime): MonitorHome {
  if (config.accountId === null) {
    throw new ConfigError(
      'ACCOUNT_ID: required environment variable is not set (nor a SELF_ROLE_ARN to take it from)',
    );
  }
  if (config.region === null) throw new ConfigError('AWS_REGION: required environment variable is not set');
  return { account: config.accountId, region: config.region };
}

/** EventBridge → one CloudTrail security-group event → evaluation, alert, metrics. */
export const handler = createChangeHandler();
