import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import {
  createSlackWebhook,
  type PostOptions,
  type SlackWebhook,
  type WebhookOptions,
} from '../aws/slack-webhook';
import { createSecretReader } from '../aws/ssm';
import { loadSlackConfig } from '../config';
import { embeddedMetric } from '../embedded-metric';
import { ConfigError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { slackMessageFor } from '../notify/slack-blocks';
import { atColdStart } from './runtime';

export interface SlackRuntime {
  environment: string;
  webhookParameter: string;
  metricsNamespace: string;
  logger: Logger;
}

/** Counts records not delivered because the webhook setting is wrong (missing, empty, malformed). */
export const MISCONFIGURED_METRIC = 'SlackWebhookMisconfigured';
// Kept from the invocation's remaining time for the last log line and the return.
const RESERVE_MS = 1_000;

export interface SlackNotifierDeps {
  readSecret: (name: string) => Promise<string>;
  webhookOptions?: WebhookOptions;
}

/**
 * The notifier's configuration, validated once per cold start. It is not `loadRuntime`: that one
 * requires ALERT_TOPIC_ARN and the baseline, which a function that only forwards to Slack has not.
 */
export function loadSlackRuntime(env: Record<string, string | undefined> = process.env): SlackRuntime {
  return atColdStart('slackNotifier', () => {
    const { environment, webhookParameter, metricsNamespace, logLevel } = loadSlackConfig(env);
    return {
      environment,
      webhookParameter,
      metricsNamespace,
      logger: createLogger(logLevel, { service: 'slackNotifier', environment }),
    };
  });
}

/**
 * Builds the notifier; the webhook URL is read from SSM on first use, then kept for the container.
 * A wrong webhook setting (parameter missing, empty, not an incoming-webhook URL) is logged once per
 * invocation as a ConfigError naming the parameter and counted (SlackWebhookMisconfigured, alarmed),
 * and the invocation succeeds: a retry cannot fix the parameter, so it would only re-fail. Slack
 * being slow or down is a PublishError, retried by Lambda, then kept by the dead-letter queue.
 */
export function createSlackNotifierHandler(
  runtime: SlackRuntime = loadSlackRuntime(),
  deps: SlackNotifierDeps = { readSecret: createSecretReader() },
) {
  const { logger, webhookParameter } = runtime;
  const urlSource = `SLACK_WEBHOOK_PARAMETER: SSM parameter ${webhookParameter}`;
  let webhook: Promise<SlackWebhook> | undefined;
  const webhookOnce = () => {
    webhook ??= deps
      .readSecret(webhookParameter)
      .then((url) => createSlackWebhook(url, { ...deps.webhookOptions, urlSource }));
    // A failed read or a wrong value is not kept: the next invocation reads again.
    webhook.catch(() => {
      webhook = undefined;
    });
    return webhook;
  };

  return middy(async (event: SNSEvent, context: Context) => {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    if (records.length === 0) return { posted: 0 };
    let slack: SlackWebhook;
    try {
      slack = await webhookOnce();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      logger.error('Slack webhook misconfigured: messages not delivered, not retried', {
        error,
        messageIds: records.map((record) => record?.Sns?.MessageId),
        ...embeddedMetric(runtime.metricsNamespace, MISCONFIGURED_METRIC, records.length, {
          Environment: runtime.environment,
        }),
      });
      return { posted: 0, undelivered: records.length };
    }
    const post: PostOptions = { timeLeftMs: timeLeft(context) };
    for (const record of records) {
      const message = typeof record?.Sns?.Message === 'string' ? record.Sns.Message : '';
      const blocks = slackMessageFor(message, record?.Sns?.Subject ?? null);
      await slack.post(blocks, post);
      logger.info('posted to Slack', {
        messageId: record?.Sns?.MessageId,
        blocks: blocks.blocks?.length ?? 0,
      });
    }
    return { posted: records.length };
  });
}

/** The invocation's remaining time less a reserve; unbounded outside Lambda (no context). */
function timeLeft(context: Context | undefined): (() => number) | undefined {
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  return () => context.getRemainingTimeInMillis() - RESERVE_MS;
}

/** SNS alert topic → one Slack message per record (Block Kit for alerts and digests). */
export const handler = createSlackNotifierHandler();
