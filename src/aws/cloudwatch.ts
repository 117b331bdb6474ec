import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricsPublisher } from '../app/ports';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = ['cloudwatch:PutMetricData'] as const;

/** Sends custom metrics to one namespace, all data points of a call in one PutMetricData. */
export function createCloudWatchMetrics(
  namespace: string,
  client: CloudWatchClient = new CloudWatchClient({}),
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
