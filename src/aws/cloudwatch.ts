import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricsPublisher } from '../app/ports';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';

/** PutMetricData is small; the use cases bound the whole flush anyway (MetricBatch.flush). */
export const CLOUDWATCH_TIMEOUTS: CallTimeouts = { connectionMs: 500, requestMs: 1000, maxAttempts: 2 };

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = ['cloudwatch:PutMetricData'] as const;

/** Sends custom metrics to one namespace, all data points of a call in one PutMetricData. */
export function createCloudWatchMetrics(
  namespace: string,
  client: CloudWatchClient = new CloudWatchClient(clientTimeouts(CLOUDWATCH_TIMEOUTS)),
  clock: () => Date = () => new Date(),
): MetricsPublisher {
  return {
    async put(data) {
      if (data.length === 0) return;
      const Timestamp = clock();
      await client.send(
        new PutMetricDataCommand({
          Namespace: namespace,
          MetricData: data.map((datum) => ({
            MetricName: datum.name,
            Value: datum.value,
            Unit: datum.unit,
            Timestamp,
            Dimensions: Object.entries(datum.dimensions).map(([Name, Value]) => ({ Name, Value })),
          })),
        }),
      );
    },
  };
}
