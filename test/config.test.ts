import { loadConfig, loadSlackConfig } from '../src/config';
import { ConfigError } from '../src/errors';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';
const MINIMAL = { ENVIRONMENT: 'production', ALERT_TOPIC_ARN: TOPIC };

describe('config: loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ ...MINIMAL, LAMBDA_TASK_ROOT: '/var/task' });
    expect(config).toMatchObject({
      environment: 'production',
      alertTopicArn: TOPIC,
      metricsNamespace: 'SecurityGroupDrift',
      selfRoleArn: null,
      notifyCompliantChanges: false,
      autoRevert: 'off',
      allowedPrincipals: [],
      maxRevertRules: 10,
      restoreMissing: false,
      logLevel: 'info',
    });
    expect(config.baselineFile).toMatch(/baselines\/thebot\.compiled\.json$/);
  });

  it('resolves a relative BASELINE_FILE against the Lambda task root', () => {
    expect(
      loadConfig({ ...MINIMAL, BASELINE_FILE: 'baselines/x.json', LAMBDA_TASK_ROOT: '/var/task' })
        .baselineFile,
    ).toBe('/var/task/baselines/x.json');
  });

  it('restores missing rules by default when enforcing, and splits allowed principals', () => {
    const config = loadConfig({
      ...MINIMAL,
      AUTO_REVERT: 'ENFORCE',
      ALLOWED_PRINCIPALS: ' arn:aws:iam::*:role/terraform , arn:aws:iam::*:role/ci-* ',
    });
    expect(config).toMatchObject({ autoRevert: 'enforce', restoreMissing: true });
    expect(config.allowedPrincipals).toEqual(['arn:aws:iam::*:role/terraform', 'arn:aws:iam::*:role/ci-*']);
  });

  it.each([
    [{ ALERT_TOPIC_ARN: TOPIC }, 'ENVIRONMENT: required environment variable is not set'],
    [{ ENVIRONMENT: 'production' }, 'ALERT_TOPIC_ARN: required environment variable is not set'],
    [
      { ...MINIMAL, ALERT_TOPIC_ARN: 'sg-drift-alerts' },
      "ALERT_TOPIC_ARN: expected an sns ARN, got 'sg-drift-alerts'",
    ],
    [{ ...MINIMAL, AUTO_REVERT: 'yes' }, "AUTO_REVERT: must be one of off, dry-run, enforce, got 'yes'"],
    [{ ...MINIMAL, MAX_REVERT_RULES: '0' }, "MAX_REVERT_RULES: must be a positive integer, got '0'"],
    [
      { ...MINIMAL, NOTIFY_COMPLIANT_CHANGES: 'maybe' },
      "NOTIFY_COMPLIANT_CHANGES: must be true or false, got 'maybe'",
    ],
    [{ ...MINIMAL, LOG_LEVEL: 'loud' }, "LOG_LEVEL: must be one of debug, info, warn, error, got 'loud'"],
    [
      { ...MINIMAL, ALLOWED_PRINCIPALS: 'arn:aws:iam::*:role/ci, */deployer' },
      'ALLOWED_PRINCIPALS: "*/deployer" is not an ARN (expected arn:aws:iam::ACCOUNT:role/NAME)',
    ],
    [
      { ...MINIMAL, ALLOWED_PRINCIPALS: 'arn:aws:sts::*:assumed-role/ci/*' },
      'ALLOWED_PRINCIPALS: "arn:aws:sts::*:assumed-role/ci/*" names a session; name the role',
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('config: the account and region the monitor watches', () => {
  const SELF_ROLE = 'arn:aws:iam::123456789012:role/sg-drift-monitor-change';

  it('takes ACCOUNT_ID and AWS_REGION', () => {
    const config = loadConfig({
      ...MINIMAL,
      ACCOUNT_ID: '210987654321',
      SELF_ROLE_ARN: SELF_ROLE,
      AWS_REGION: 'eu-west-1',
    });
    expect(config).toMatchObject({ accountId: '210987654321', region: 'eu-west-1' });
  });

  it('falls back to the account of SELF_ROLE_ARN and to AWS_DEFAULT_REGION', () => {
    const config = loadConfig({ ...MINIMAL, SELF_ROLE_ARN: SELF_ROLE, AWS_DEFAULT_REGION: 'us-east-2' });
    expect(config).toMatchObject({ accountId: '123456789012', region: 'us-east-2' });
  });

  it('is null when nothing names them (the change handler then refuses to start)', () => {
    expect(loadConfig(MINIMAL)).toMatchObject({ accountId: null, region: null });
  });

  it.each([
    [{ ACCOUNT_ID: '12345' }, "ACCOUNT_ID: must be 12 digits, got '12345'"],
    [{ AWS_REGION: 'moon' }, "AWS_REGION: not a region name, got 'moon'"],
  ])('names a malformed %j', (env, message) => {
    expect(() => loadConfig({ ...MINIMAL, ...env })).toThrow(message);
  });
});

describe('config: loadSlackConfig', () => {
  it('needs only the environment and the webhook parameter', () => {
    expect(loadSlackConfig({ ENVIRONMENT: 'staging', SLACK_WEBHOOK_PARAMETER: '/sgdrift/slack' })).toEqual({
      environment: 'staging',
      webhookParameter: '/sgdrift/slack',
      metricsNamespace: 'SecurityGroupDrift',
      logLevel: 'info',
    });
  });

  it('names a missing webhook parameter', () => {
    expect(() => loadSlackConfig({ ENVIRONMENT: 'staging' })).toThrow(
      'SLACK_WEBHOOK_PARAMETER: required environment variable is not set',
    );
  });
});
