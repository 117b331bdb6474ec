import { loadEnvironmentBaseline } from '../baseline/loader';
import type { EnvironmentBaseline } from '../baseline/types';
import { loadConfig, type MonitorConfig } from '../config';
import { SgDriftError } from '../errors';
import { createLogger, type Logger } from '../logger';

export interface Runtime {
  config: MonitorConfig;
  baseline: EnvironmentBaseline;
  logger: Logger;
}

/**
 * Configuration and baseline, validated once per cold start. A bad variable or baseline is logged
 * as one line naming it, then thrown: the init fails loudly instead of every event failing later.
 */
export function loadRuntime(service: string, env: Record<string, string | undefined> = process.env): Runtime {
  const bootLogger = createLogger('info', { service });
  try {
    const config = loadConfig(env);
    const baseline = loadEnvironmentBaseline(config.baselineFile, config.environment);
    return {
      config,
      baseline,
      logger: createLogger(config.logLevel, { service, environment: config.environment }),
    };
  } catch (error) {
    if (error instanceof SgDriftError) bootLogger.error(`configuration invalid: ${error.message}`);
    throw error;
  }
}
