import type { Logger } from '../logger';
import type { MetricDatum, MetricsPublisher, MetricUnit } from './ports';

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

  /** Sends everything collected; metrics must never block or fail an alert. */
  async flush(publisher: MetricsPublisher, logger: Logger): Promise<void> {
    try {
      await publisher.put(this.data);
    } catch (error) {
      logger.warn('metrics not sent', { error, count: this.data.length });
    }
  }
}
