import type { MemberAccount } from '../app/organization-change';
import { listedTargets } from '../baseline/account-targets';
import { loadCompiledDocument } from '../baseline/compiled';
import { loadCompiledAccounts } from '../baseline/compiled-accounts';
import { forEnvironment } from '../baseline/environment';
import type { EnvironmentBaseline } from '../baseline/types';
import { loadConfig, loadOrganizationConfig, type MonitorConfig, type OrganizationConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { atColdStart, configured, requireCompiledBaseline } from './runtime';

export interface OrganizationRuntime {
  config: MonitorConfig & OrganizationConfig;
  accounts: ReadonlyMap<string, MemberAccount>;
  /** The baseline of every environment the accounts map uses, resolved once. */
  baselines: ReadonlyMap<string, EnvironmentBaseline>;
  logger: Logger;
}

/**
 * The central change function's configuration, compiled baseline and compiled accounts map,
 * validated once per cold start: a bad variable, baseline or map entry is one line, and the init fails.
 */
export function loadOrganizationRuntime(
  service: string,
  env: Record<string, string | undefined> = process.env,
): OrganizationRuntime {
  return atColdStart(service, () => {
    const config = { ...loadConfig(env), ...loadOrganizationConfig(env) };
    requireCompiledBaseline(config.baselineFile);
    const document = configured(() => loadCompiledDocument(config.baselineFile));
    const environments = new Set(Object.keys(document.environments));
    const map = configured(() => loadCompiledAccounts(config.accountsFile, (name) => environments.has(name)));
    // The change path judges the accounts the map lists by id: an event names its account, not its OU.
    const accounts = new Map<string, MemberAccount>(
      listedTargets(map).map(({ accountId, name, environment, regions, autoRevert }) => [
        accountId,
        { id: accountId, ...(name === undefined ? {} : { name }), environment, regions, autoRevert },
      ]),
    );
    const baselines = new Map<string, EnvironmentBaseline>();
    for (const { environment } of accounts.values()) {
      if (!baselines.has(environment)) baselines.set(environment, forEnvironment(document, environment));
    }
    return {
      config,
      accounts,
      baselines,
      logger: createLogger(config.logLevel, { service, environment: config.environment }),
    };
  });
}
