import middy from '@middy/core';
import { type ChangeDeps, type ChangeSettings, processChangeEvent } from '../app/evaluate-change';
import { METRICS_FLUSH_MS } from '../app/metric-batch';
import { RecentIds, RecentMap } from '../app/recent-ids';
import { RoleGroupDirectory } from '../app/role-directory';
import { TimeBudget } from '../app/time-budget';
import { createCloudWatchMetrics } from '../aws/cloudwatch';
import { createEc2Reader } from '../aws/ec2-reader';
import { createChangeEc2Client, createEc2Writer } from '../aws/ec2-writer';
import { createSnsPublisher, PUBLISH_WORST_CASE_MS } from '../aws/sns';
import { ConfigError } from '../errors';
import type { MonitorHome } from '../events/origin';
import { atColdStart, loadRuntime, type Runtime } from './runtime';

/** Builds the handler and its container state (role directory, recent event ids) for one runtime. */
export function createChangeHandler(runtime: Runtime = loadRuntime('securityGroupChange')) {
  const { config, baseline, logger } = runtime;
  const settings: ChangeSettings = {
    baseline,
    home: atColdStart('securityGroupChange', () => monitorHome(runtime)),
    selfRoleArn: config.selfRoleArn,
    notifyCompliantChanges: config.notifyCompliantChanges,
    autoRevert: {
      mode: config.autoRevert,
      allowedPrincipals: config.allowedPrincipals,
      maxRevertRules: config.maxRevertRules,
      restoreMissing: config.restoreMissing,
    },
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

/** The part of Lambda's context the budget reads (absent outside Lambda). */
interface LambdaContext {
  getRemainingTimeInMillis?: () => number;
}

/**
 * What the function keeps, out of its remaining time, for the alert: the publish's worst case (every
 * attempt timed out) and the metrics flush. The reads and the revert get the rest (docs/auto-revert.md).
 */
export const ALERT_RESERVE_MS = PUBLISH_WORST_CASE_MS + METRICS_FLUSH_MS;

/** The invocation's budget; without a Lambda context (a test, a local run) there is no deadline. */
function invocationBudget(context?: LambdaContext): TimeBudget {
  const remaining = context?.getRemainingTimeInMillis?.bind(context);
  return remaining ? new TimeBudget(remaining, ALERT_RESERVE_MS) : TimeBudget.unlimited();
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
