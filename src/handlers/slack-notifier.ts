import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { createSlackWebhook, type SlackWebhook, type WebhookOptions } from '../aws/slack-webhook';
import { createSecretReader } from '../aws/ssm';
import { loadSlackConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { slackMessageFor } from '../notify/slack-blocks';
import { atColdStart } from './runtime';

export interface SlackRuntime {
  environment: string;
  webhookParameter: string;
  logger: Logger;
}

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
    const { environment, webhookParameter, logLevel } = loadSlackConfig(env);
    return {
      environment,
      webhookParameter,
      logger: createLogger(logLevel, { service: 'slackNotifier', environment }),
    };
  });
}

/** Builds the notifier; the webhook URL is read from SSM on first use, then kept for the container. */
export function createSlackNotifierHandler(
  runtime: SlackRuntime = loadSlackRuntime(),
  deps: SlackNotifierDeps = { readSecret: createSecretReader() },
) {
  const { logger, webhookParameter } = runtime;
  let webhook: Promise<SlackWebhook> | undefined;
  const webhookOnce = () => {
    webhook ??= deps.readSecret(webhookParameter).then((url) => createSlackWebhook(url, deps.webhookOptions));
    // A failed read is not kept: the next invocation (SNS/Lambda's retry) reads again.
    webhook.catch(() => {
      webhook = undefined;
    });
    return webhook;
  };

  return middy(async (event: SNSEvent) => {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    for (const record of records) {
      const message = typeof record?.Sns?.Message === 'string' ? record.Sns.Message : '';
      const slack = slackMessageFor(message, record?.Sns?.Subject ?? null);
      await (await webhookOnce()).post(slack);
      logger.info('posted to Slack', {
        messageId: record?.Sns?.MessageId,
        blocks: slack.blocks?.length ?? 0,
      });
    }
    return { posted: records.length };
  });
}

/** SNS alert topic → one Slack message per record (Block Kit for alerts and digests). */
export const handler = createSlackNotifierHandler();
