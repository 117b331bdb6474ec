import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COMPILED_BASELINE_FILE } from '../../src/baseline/files';
import { ConfigError } from '../../src/errors';
import { loadRuntime } from '../../src/handlers/runtime';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sg-drift-alerts';

describe('handler runtime (cold start)', () => {
  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((line) => {
      logged.push(String(line));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('loads the compiled baseline of the environment', () => {
    const runtime = loadRuntime('test', { ENVIRONMENT: 'staging', ALERT_TOPIC_ARN: TOPIC });
    expect(runtime.baseline.environment).toBe('staging');
    expect(runtime.baseline.roles).toHaveLength(6);
  });

  it.each([
    [{ ALERT_TOPIC_ARN: TOPIC }, 'ENVIRONMENT: required environment variable is not set'],
    [
      { ENVIRONMENT: 'prod', ALERT_TOPIC_ARN: TOPIC },
      `${DEFAULT_COMPILED_BASELINE_FILE}: unknown environment 'prod' (known: production, staging)`,
    ],
    [
      { ENVIRONMENT: 'production', ALERT_TOPIC_ARN: TOPIC, BASELINE_FILE: '/opt/baseline.yml' },
      'BASELINE_FILE: expected a compiled baseline (.json from sgdrift baseline compile), got /opt/baseline.yml',
    ],
  ])('fails the init with one JSON log line naming the problem: %j', (env, message) => {
    expect(() => loadRuntime('securityGroupChange', env)).toThrow(message);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] ?? '')).toMatchObject({
      level: 'error',
      service: 'securityGroupChange',
      message: `configuration invalid: ${message}`,
    });
  });

  it('the change handler does not start without the account it watches', () => {
    // The module builds its default handler from process.env when loaded.
    Object.assign(process.env, {
      ENVIRONMENT: 'production',
      ALERT_TOPIC_ARN: TOPIC,
      ACCOUNT_ID: '123456789012',
    });
    const { createChangeHandler } = require('../../src/handlers/security-group-change');
    logged = [];
    const runtime = loadRuntime('test', {
      ENVIRONMENT: 'production',
      ALERT_TOPIC_ARN: TOPIC,
      AWS_REGION: 'eu-west-1',
    });
    expect(() => createChangeHandler(runtime)).toThrow(
      'ACCOUNT_ID: required environment variable is not set (nor a SELF_ROLE_ARN to take it from)',
    );
    expect(JSON.parse(logged[0] ?? '')).toMatchObject({ level: 'error', service: 'securityGroupChange' });
  });

  it('throws ConfigError for a bad variable', () => {
    expect(() => loadRuntime('test', { ENVIRONMENT: 'production', ALERT_TOPIC_ARN: 'nope' })).toThrow(
      ConfigError,
    );
  });

  it('fails the init with a ConfigError naming the file and path of a compiled baseline that is not valid', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-runtime-')), 'baseline.compiled.json');
    const compiled = JSON.parse(readFileSync(DEFAULT_COMPILED_BASELINE_FILE, 'utf8'));
    compiled.document.roles.bastion.ingress[0].peer = { cidr: '203.0.113.0/33' };
    writeFileSync(file, JSON.stringify(compiled));
    const env = { ENVIRONMENT: 'production', ALERT_TOPIC_ARN: TOPIC, BASELINE_FILE: file };
    const message = `${file}: document.roles.bastion.ingress[0].peer.cidr: not a valid IPv4 or IPv6 CIDR`;
    expect(() => loadRuntime('securityGroupChange', env)).toThrow(message);
    expect(() => loadRuntime('securityGroupChange', env)).toThrow(ConfigError);
    expect(JSON.parse(logged[0] ?? '')).toMatchObject({ message: `configuration invalid: ${message}` });
  });
});
