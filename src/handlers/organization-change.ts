import middy from '@middy/core';
import { OrganizationChangeProcessor } from '../app/organization-change';
import { createCloudWatchMetrics } from '../aws/cloudwatch';
import { createCrossAccountClients } from '../aws/cross-account';
import { createEc2Writer, EC2_CHANGE_TIMEOUTS } from '../aws/ec2-writer';
import { createSnsPublisher } from '../aws/sns';
import type { EnvironmentBaseline } from '../baseline/types';
import { invocationBudget, type LambdaContext } from './invocation-budget';
import { loadOrganizationRuntime, type OrganizationRuntime } from './organization-runtime';
import { revertSettingsOf } from './runtime';

/**
 * A fixed session name: it is what the member accounts' CloudTrail shows for the monitor's reads and
 * reverts, never built from an event.
 */
export const CHANGE_SESSION_NAME = 'sgdrift-change';

/** The part of an SQS event the handler reads. */
interface SqsBatch {
  Records?: { messageId: string; body: string }[];
}

/** The SQS partial-batch answer: only the records listed here return to the queue. */
interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** Builds the central change handler and its container state for one runtime. */
export function createOrganizationChangeHandler(
  runtime: OrganizationRuntime = loadOrganizationRuntime('organizationChange'),
) {
  const { config, accounts, baselines, logger } = runtime;
  const members = createCrossAccountClients({
    roleName: config.memberRoleName,
    sessionName: CHANGE_SESSION_NAME,
    timeouts: EC2_CHANGE_TIMEOUTS,
  });
  const processor = new OrganizationChangeProcessor(
    {
      memberClients: (accountId, region) => ({
        reader: members.readerFor(accountId, region),
        writer: createEc2Writer(members.ec2(accountId, region)),
      }),
      publisher: createSnsPublisher(config.alertTopicArn),
      metrics: createCloudWatchMetrics(config.metricsNamespace),
      logger,
      now: () => new Date(),
    },
    {
      environment: config.environment,
      accounts,
      // Every environment the map uses was resolved at cold start.
      baselineFor: (environment) => baselines.get(environment) as EnvironmentBaseline,
      memberRoleName: config.memberRoleName,
      notifyCompliantChanges: config.notifyCompliantChanges,
      autoRevert: revertSettingsOf(config),
    },
  );
  return middy(async (event: SqsBatch, context?: LambdaContext): Promise<BatchResponse> => {
    const budget = invocationBudget(context);
    const batchItemFailures: BatchResponse['batchItemFailures'] = [];
    // One record at a time, all sharing the invocation's budget: a record that fails (or finds the
    // budget spent) goes back to the queue alone, and the others are not retried.
    for (const record of event.Records ?? []) {
      // Spent: the rest go back to the queue untouched (no metrics, no flush eating the reserve).
      if (!budget.allows()) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        await processor.process(bodyOf(record.body), budget);
      } catch (error) {
        logger.error('record failed; it returns to the queue', { error, messageId: record.messageId });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}

/** The EventBridge event a record carries; a body that is not JSON is passed on to be counted as unparseable. */
function bodyOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** SQS (central bus → rule → queue) → forwarded CloudTrail security-group events → per-account evaluation. */
export const handler = createOrganizationChangeHandler();
