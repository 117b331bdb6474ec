import type { Logger } from '../logger';
import type { MetricDatum, MetricsPublisher, MetricUnit } from './ports';
import { TimeBudget } from './time-budget';

/** The longest a flush may take: metrics wait for nothing, and nothing waits for metrics. */
export const METRICS_FLUSH_MS = 500;

/** Collects an invocation's data points and sends them in one call; a failure is logged, never thrown. */
export class MetricBatch {
  private readonly data: MetricDatum[] = [];

  constructor(private readonly environment: string) {}

  add(name: string, value: number, unit: MetricUnit = 'Count', extra: Record<string, string> = {}): this {
    this.data.push({ name, value, unit, dimensions: { Environment: this.environment, ...extra } });
    return this;
  }

  get datums(): readonly MetricDatum[] {
    return this.data;
  }

  /** Sends everything collected within `timeoutMs`; metrics must never block or fail an alert. */
  async flush(publisher: MetricsPublisher, logger: Logger, timeoutMs = METRICS_FLUSH_MS): Promise<void> {
    try {
      await TimeBudget.fromNow(timeoutMs).within('metrics flush', publisher.put(this.data));
    } catch (error) {
      logger.warn('metrics not sent', { error, count: this.data.length });
    }
  }
}
