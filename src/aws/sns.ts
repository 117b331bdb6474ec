import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../app/ports';
import { PublishError } from '../errors';
import { snsMessageBody } from '../notify/sns-message';
import { type CallTimeouts, clientTimeouts, worstCaseMs } from './http-timeouts';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = ['sns:Publish'] as const;

/** A Publish answers in tens of ms; two short attempts, then the invocation fails and Lambda retries it. */
export const SNS_TIMEOUTS: CallTimeouts = { connectionMs: 500, requestMs: 1500, maxAttempts: 2 };
/** What a handler reserves for the publish: its worst case, both attempts timed out (4.5 s). */
export const PUBLISH_WORST_CASE_MS = worstCaseMs(SNS_TIMEOUTS);

/** Publishes alerts to one topic; a failure is a PublishError so the invocation fails and is retried. */
export function createSnsPublisher(
  topicArn: string,
  client: SNSClient = new SNSClient(clientTimeouts(SNS_TIMEOUTS)),
): AlertPublisher {
  return {
    async publish(alert) {
      const MessageAttributes = Object.fromEntries(
        Object.entries(alert.attributes).map(([name, value]) => [
          name,
          { DataType: 'String', StringValue: value },
        ]),
      );
      try {
        await client.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: alert.subject,
            MessageStructure: 'json',
            Message: snsMessageBody(alert),
            MessageAttributes,
          }),
        );
      } catch (error) {
        throw new PublishError(`could not publish to ${topicArn}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  };
}
