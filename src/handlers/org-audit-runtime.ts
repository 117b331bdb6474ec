/**
 * What the organization audit's three functions share, validated once per cold start: the compiled
 * baseline (every environment the accounts map names), the compiled accounts map, the results
 * bucket. A bad variable or file is one logged line and a failed init, as for the other functions.
 */

import type { AccountsMap } from '../baseline/account-targets';
import { loadCompiledBaseline } from '../baseline/compiled';
import { loadCompiledAccounts } from '../baseline/compiled-accounts';
import type { EnvironmentBaseline } from '../baseline/types';
import { ConfigError, InputError } from '../errors';
import { createLogger, type Logger, LogLevel } from '../logger';
import { atColdStart } from './runtime';

export interface OrgAuditRuntime {
  baselineFor(environment: string): EnvironmentBaseline;
  accounts: AccountsMap;
  resultsBucket: string;
  metricsNamespace: string;
  logger: Logger;
  env: Record<string, string | undefined>;
}

// An S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name}: required environment variable is not set`);
  return value;
}

export function loadOrgAuditRuntime(
  service: string,
  env: Record<string, string | undefined> = process.env,
): OrgAuditRuntime {
  return atColdStart(service, () => {
    const baselineFile = required(env, 'BASELINE_FILE');
    const accountsFile = required(env, 'ACCOUNTS_FILE');
    const resultsBucket = required(env, 'RESULTS_BUCKET');
    if (!BUCKET_NAME.test(resultsBucket)) throw new ConfigError('RESULTS_BUCKET: not an S3 bucket name');
    const baselines = new Map<string, EnvironmentBaseline>();
    const baselineFor = (environment: string) => {
      let baseline = baselines.get(environment);
      if (!baseline) {
        baseline = loadCompiledBaseline(baselineFile, environment);
        baselines.set(environment, baseline);
      }
      return baseline;
    };
    const known = (environment: string) => {
      try {
        baselineFor(environment);
        return true;
      } catch (error) {
        // A broken baseline file is its own error, not "unknown environment".
        if (error instanceof InputError && !/unknown environment/.test(error.message)) throw asConfig(error);
        return false;
      }
    };
    let accounts: AccountsMap;
    try {
      accounts = loadCompiledAccounts(accountsFile, known);
    } catch (error) {
      throw error instanceof InputError ? asConfig(error) : error;
    }
    const level = env.LOG_LEVEL?.toLowerCase();
    return {
      baselineFor,
      accounts,
      resultsBucket,
      metricsNamespace: env.METRICS_NAMESPACE || 'SecurityGroupDrift',
      logger: createLogger(
        level !== undefined && Object.hasOwn(LogLevel, level) ? (level as LogLevel) : 'info',
        {
          service,
        },
      ),
      env,
    };
  });
}

function asConfig(error: InputError): ConfigError {
  return error instanceof ConfigError ? error : new ConfigError(error.message, { cause: error });
}
