import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher } from '../app/ports';
import { PublishError } from '../errors';
import { snsMessageBody } from '../notify/sns-message';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = ['sns:Publish'] as const;

/** Publishes alerts to one topic; a failure is a PublishError so the invocation fails and is retried. */
export function createSnsPublisher(topicArn: string, client: SNSClient = new SNSClient({})): AlertPublisher {
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
