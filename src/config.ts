import { isAbsolute, resolve } from 'node:path';
import { IAM_ROLE_NAME, isAccountId } from './baseline/account-syntax';
import { DEFAULT_COMPILED_BASELINE_FILE } from './baseline/files';
import { ConfigError } from './errors';
import { LogLevel as LOG_LEVELS, type LogLevel } from './logger';
import { principalPatternProblem } from './remediation/principals';

export const AutoRevertMode = { Off: 'off', DryRun: 'dry-run', Enforce: 'enforce' } as const;
export type AutoRevertMode = (typeof AutoRevertMode)[keyof typeof AutoRevertMode];

/** The Lambdas' configuration, read from environment variables once per cold start. */
export interface MonitorConfig {
  environment: string;
  baselineFile: string;
  alertTopicArn: string;
  metricsNamespace: string;
  selfRoleArn: string | null;
  notifyCompliantChanges: boolean;
  autoRevert: AutoRevertMode;
  allowedPrincipals: string[];
  maxRevertRules: number;
  restoreMissing: boolean;
  slackWebhookParameter: string | null;
  logLevel: LogLevel;
  /** The account the monitor watches: ACCOUNT_ID, else the account of SELF_ROLE_ARN; null when neither. */
  accountId: string | null;
  /** The region the monitor watches: AWS_REGION (set by Lambda), else AWS_DEFAULT_REGION. */
  region: string | null;
}

export const DEFAULT_NAMESPACE = 'SecurityGroupDrift';
const DEFAULT_MAX_REVERT_RULES = 10;

/** Validates the environment; every problem is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): MonitorConfig {
  const autoRevert = choice(env, 'AUTO_REVERT', Object.values(AutoRevertMode), 'off');
  return {
    environment: requiredVar(env, 'ENVIRONMENT'),
    baselineFile: baselinePath(env),
    alertTopicArn: arn(env, 'ALERT_TOPIC_ARN', 'sns'),
    metricsNamespace: optional(env, 'METRICS_NAMESPACE') ?? DEFAULT_NAMESPACE,
    selfRoleArn: optional(env, 'SELF_ROLE_ARN') ?? null,
    notifyCompliantChanges: bool(env, 'NOTIFY_COMPLIANT_CHANGES', false),
    autoRevert,
    ...loadRevertSettings(env, autoRevert),
    slackWebhookParameter: optional(env, 'SLACK_WEBHOOK_PARAMETER') ?? null,
    logLevel: logLevel(env),
    accountId: accountId(env),
    region: region(env),
  };
}

/** ALLOWED_PRINCIPALS, MAX_REVERT_RULES, RESTORE_MISSING for a mode: the Lambda's and `sgdrift replay`'s. */
export function loadRevertSettings(
  env: Record<string, string | undefined>,
  mode: AutoRevertMode,
): Pick<MonitorConfig, 'allowedPrincipals' | 'maxRevertRules' | 'restoreMissing'> {
  return {
    allowedPrincipals: allowedPrincipals(env),
    maxRevertRules: positiveInt(env, 'MAX_REVERT_RULES', DEFAULT_MAX_REVERT_RULES),
    restoreMissing: bool(env, 'RESTORE_MISSING', mode === 'enforce'),
  };
}

// Checked at cold start so a pattern that could never match (or match too much) is one clear line.
function allowedPrincipals(env: Record<string, string | undefined>): string[] {
  const patterns = (optional(env, 'ALLOWED_PRINCIPALS') ?? '')
    .split(',')
    .map((pattern) => pattern.trim())
    .filter(Boolean);
  for (const pattern of patterns) {
    const problem = principalPatternProblem(pattern);
    if (problem !== null) throw new ConfigError(`ALLOWED_PRINCIPALS: ${JSON.stringify(pattern)} ${problem}`);
  }
  return patterns;
}

/** The central change function's extra configuration (organization mode). */
export interface OrganizationConfig {
  /** The compiled accounts map (`sgdrift accounts compile`), relative to the task root. */
  accountsFile: string;
  /** The member role's name, the same in every account (deploy/member-stack.yml MemberRoleName). */
  memberRoleName: string;
}

/** Validates ACCOUNTS_FILE and MEMBER_ROLE_NAME; every problem is one line naming the variable. */
export function loadOrganizationConfig(env: Record<string, string | undefined>): OrganizationConfig {
  const accountsFile = requiredVar(env, 'ACCOUNTS_FILE');
  // The Lambda reads the compiled map: yaml and zod stay out of its bundle.
  if (!accountsFile.endsWith('.json')) {
    throw new ConfigError(
      `ACCOUNTS_FILE: expected a compiled accounts map (.json from sgdrift accounts compile), got ${accountsFile}`,
    );
  }
  const memberRoleName = requiredVar(env, 'MEMBER_ROLE_NAME');
  if (!IAM_ROLE_NAME.test(memberRoleName)) {
    throw new ConfigError(`MEMBER_ROLE_NAME: not an IAM role name, got '${memberRoleName}'`);
  }
  return {
    accountsFile: isAbsolute(accountsFile)
      ? accountsFile
      : resolve(env.LAMBDA_TASK_ROOT ?? process.cwd(), accountsFile),
    memberRoleName,
  };
}

/** The Slack notifier's configuration: it forwards alerts, so it needs no topic and no baseline. */
export interface SlackConfig {
  environment: string;
  webhookParameter: string;
  /** Where the notifier counts a misconfigured webhook (embedded metric format, no IAM needed). */
  metricsNamespace: string;
  logLevel: LogLevel;
}

/** Validates the Slack notifier's environment; every problem is one line naming the variable. */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackConfig {
  return {
    environment: requiredVar(env, 'ENVIRONMENT'),
    webhookParameter: requiredVar(env, 'SLACK_WEBHOOK_PARAMETER'),
    metricsNamespace: optional(env, 'METRICS_NAMESPACE') ?? DEFAULT_NAMESPACE,
    logLevel: logLevel(env),
  };
}

/** LOG_LEVEL: one of the logger's levels (a typo is a configuration error); default info. */
export function logLevel(env: Record<string, string | undefined>): LogLevel {
  return choice(env, 'LOG_LEVEL', Object.keys(LOG_LEVELS) as LogLevel[], 'info');
}

/** A variable's trimmed value, undefined when unset or blank. */
export function optional(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A variable that must be set (not blank); a ConfigError naming it otherwise. */
export function requiredVar(env: Record<string, string | undefined>, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(`${name}: required environment variable is not set`);
  return value;
}

function arn(env: Record<string, string | undefined>, name: string, service: string): string {
  const value = requiredVar(env, name);
  if (!value.startsWith(`arn:aws`) || value.split(':')[2] !== service) {
    throw new ConfigError(`${name}: expected an ${service} ARN, got '${value}'`);
  }
  return value;
}

function choice<T extends string>(
  env: Record<string, string | undefined>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name}: must be one of ${allowed.join(', ')}, got '${value}'`);
}

function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name}: must be true or false, got '${value}'`);
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new ConfigError(`${name}: must be a positive integer, got '${value}'`);
  return Number(value);
}

/**
 * ACCOUNT_ID (serverless.yml sets it from AWS::AccountId). Without it, the account of SELF_ROLE_ARN:
 * the role the function runs as always lives in the account it watches.
 */
function accountId(env: Record<string, string | undefined>): string | null {
  const value = optional(env, 'ACCOUNT_ID');
  if (value !== undefined) {
    if (!isAccountId(value)) throw new ConfigError(`ACCOUNT_ID: must be 12 digits, got '${value}'`);
    return value;
  }
  const ofRole = optional(env, 'SELF_ROLE_ARN')?.split(':')[4];
  return ofRole && isAccountId(ofRole) ? ofRole : null;
}

function region(env: Record<string, string | undefined>): string | null {
  const name = optional(env, 'AWS_REGION') !== undefined ? 'AWS_REGION' : 'AWS_DEFAULT_REGION';
  const value = optional(env, name);
  if (value === undefined) return null;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value))
    throw new ConfigError(`${name}: not a region name, got '${value}'`);
  return value;
}

// In Lambda the baseline ships in the package; a relative path is relative to the task root.
function baselinePath(env: Record<string, string | undefined>): string {
  const value = optional(env, 'BASELINE_FILE');
  if (value === undefined) return DEFAULT_COMPILED_BASELINE_FILE;
  return isAbsolute(value) ? value : resolve(env.LAMBDA_TASK_ROOT ?? process.cwd(), value);
}
