/**
 * CloudWatch embedded metric format: fields that make one JSON log line also a metric data point.
 * CloudWatch Logs extracts it, so a function without cloudwatch:PutMetricData (and without another
 * network call that could fail) can still count something.
 */
export function embeddedMetric(
  namespace: string,
  name: string,
  value: number,
  dimensions: Record<string, string>,
  now: number = Date.now(),
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ],
    },
    ...dimensions,
    [name]: value,
  };
}
