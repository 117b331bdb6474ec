/**
 * What the organization audit's three functions share, validated once per cold start: the compiled
 * baseline (every environment the accounts map names), the compiled accounts map, the results
 * bucket. A bad variable or file is one logged line and a failed init, as for the other functions.
 */

import type { AccountsMap } from '../baseline/account-targets';
import { loadCompiledDocument } from '../baseline/compiled';
import { loadCompiledAccounts } from '../baseline/compiled-accounts';
import { forEnvironment } from '../baseline/environment';
import type { EnvironmentBaseline } from '../baseline/types';
import { DEFAULT_NAMESPACE, logLevel, optional, requiredVar } from '../config';
import { ConfigError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { atColdStart, configured, requireCompiledBaseline } from './runtime';

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

export function loadOrgAuditRuntime(
  service: string,
  env: Record<string, string | undefined> = process.env,
): OrgAuditRuntime {
  return atColdStart(service, () => {
    const baselineFile = requiredVar(env, 'BASELINE_FILE');
    const accountsFile = requiredVar(env, 'ACCOUNTS_FILE');
    const resultsBucket = requiredVar(env, 'RESULTS_BUCKET');
    if (!BUCKET_NAME.test(resultsBucket)) throw new ConfigError('RESULTS_BUCKET: not an S3 bucket name');
    requireCompiledBaseline(baselineFile);
    // Read once: every environment the map names is resolved from this document when first asked.
    const document = configured(() => loadCompiledDocument(baselineFile));
    const environments = new Set(Object.keys(document.environments));
    const accounts = configured(() => loadCompiledAccounts(accountsFile, (name) => environments.has(name)));
    const baselines = new Map<string, EnvironmentBaseline>();
    const baselineFor = (environment: string) => {
      let baseline = baselines.get(environment);
      if (!baseline) {
        baseline = forEnvironment(document, environment);
        baselines.set(environment, baseline);
      }
      return baseline;
    };
    return {
      baselineFor,
      accounts,
      resultsBucket,
      metricsNamespace: optional(env, 'METRICS_NAMESPACE') ?? DEFAULT_NAMESPACE,
      logger: createLogger(logLevel(env), { service }),
      env,
    };
  });
}
