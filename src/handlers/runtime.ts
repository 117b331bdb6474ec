import type { RevertSettings } from '../app/revert';
import { loadCompiledBaseline } from '../baseline/compiled';
import type { EnvironmentBaseline } from '../baseline/types';
import { loadConfig, type MonitorConfig } from '../config';
import { ConfigError, InputError, SgDriftError } from '../errors';
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
  return atColdStart(service, () => {
    const config = loadConfig(env);
    requireCompiledBaseline(config.baselineFile);
    const baseline = configured(() => loadCompiledBaseline(config.baselineFile, config.environment));
    return {
      config,
      baseline,
      logger: createLogger(config.logLevel, { service, environment: config.environment }),
    };
  });
}

/** AUTO_REVERT and its guards as the revert use case takes them. */
export function revertSettingsOf(config: MonitorConfig): RevertSettings {
  return {
    mode: config.autoRevert,
    allowedPrincipals: config.allowedPrincipals,
    maxRevertRules: config.maxRevertRules,
    restoreMissing: config.restoreMissing,
  };
}

/** The Lambdas read the compiled baseline: yaml and zod stay out of their bundles. */
export function requireCompiledBaseline(baselineFile: string): void {
  if (!baselineFile.endsWith('.json')) {
    throw new ConfigError(
      `BASELINE_FILE: expected a compiled baseline (.json from sgdrift baseline compile), got ${baselineFile}`,
    );
  }
}

/** For a Lambda, a bad baseline file is bad configuration: the same one line, as a ConfigError. */
export function configured<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof InputError && !(error instanceof ConfigError)) {
      throw new ConfigError(error.message, { cause: error });
    }
    throw error;
  }
}

/** Runs a cold-start step; a configuration error is logged as one JSON line, then thrown (init fails). */
export function atColdStart<T>(service: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof SgDriftError) {
      createLogger('info', { service }).error(`configuration invalid: ${error.message}`);
    }
    throw error;
  }
}
