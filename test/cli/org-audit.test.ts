import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeAwsEndpoint, signedWith } from '../support/fake-aws-endpoint';
import { BIN, ROOT } from './built-cli';
import { sgdrift } from './run';

const PROD = '222222222222';
const DEV = '333333333333';
const ROLE = 'SgDriftMemberRole';
const ESC = '\u001b';
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

const dir = mkdtempSync(join(tmpdir(), 'sgdrift-org-'));
function accountsFile(text: string, name = 'accounts.yml'): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
// The second account's name carries a terminal escape: it must never reach the output raw.
const ACCOUNTS = accountsFile(`version: 1
defaults:
  environment: production
  regions: [eu-west-1, us-east-1]
accounts:
  - id: "${PROD}"
    name: Production Account
  - id: "${DEV}"
    name: "Dev\\e[31m"
`);

describe('sgdrift audit --accounts (two accounts × two regions on a local AWS endpoint)', () => {
  const aws = new FakeAwsEndpoint();
  const savedEndpoint = process.env.AWS_ENDPOINT_URL;
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await aws.start();
    process.env.AWS_ENDPOINT_URL = endpoint;
  });
  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = savedEndpoint;
    await aws.stop();
  });

  function useExample(name: string, deniedAccounts: string[] = []) {
    aws.snapshot = JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
    aws.requests.length = 0;
    aws.sts.issued.length = 0;
    aws.sts.deniedRoleArns.clear();
    for (const account of deniedAccounts) aws.sts.deniedRoleArns.add(roleArn(account));
  }

  const orgAudit = (...args: string[]) =>
    sgdrift('audit', '--accounts', ACCOUNTS, '--role-name', ROLE, ...args);

  it('audits every account-region through its own assumed role and region: exit 0 when all are clean', async () => {
    useExample('production-compliant.json');
    const { code, stdout } = await orgAudit('--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({
      accountRegions: 4,
      audited: 4,
      notAudited: 0,
      findings: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
      organizationalUnitsNotExpanded: [],
    });
    expect(
      report.accountRegions.map(
        (item: { accountId: string; region: string }) => `${item.accountId} ${item.region}`,
      ),
    ).toEqual([`${PROD} eu-west-1`, `${PROD} us-east-1`, `${DEV} eu-west-1`, `${DEV} us-east-1`]);
    // One AssumeRole per account; every read signed with that account's key, in the item's region.
    expect(
      aws
        .calls('sts', 'AssumeRole')
        .map((call) => call.params.get('RoleArn'))
        .sort(),
    ).toEqual([roleArn(PROD), roleArn(DEV)]);
    expect(aws.calls('sts', 'AssumeRole').map((call) => call.params.get('RoleSessionName'))).toEqual([
      'sgdrift-audit',
      'sgdrift-audit',
    ]);
    // Read-only sessions: an audit from a workstation cannot revoke, whatever the member role allows.
    for (const call of aws.calls('sts', 'AssumeRole')) {
      expect(JSON.parse(call.params.get('Policy') ?? '{}').Statement[0].Action).not.toContain(
        'ec2:RevokeSecurityGroupIngress',
      );
      expect(call.params.get('Policy')).toContain('ec2:DescribeSecurityGroups');
    }
    const keyOf = new Map(aws.sts.issued.map((issued) => [issued.accessKeyId, issued.roleArn.split(':')[4]]));
    const reads = aws.calls('ec2', 'DescribeSecurityGroups').map(signedWith);
    expect(reads.map((read) => `${keyOf.get(read.accessKeyId ?? '')} ${read.region}`).sort()).toEqual(
      [`${PROD} eu-west-1`, `${PROD} us-east-1`, `${DEV} eu-west-1`, `${DEV} us-east-1`].sort(),
    );
  });

  it('an account whose role refuses is named, counted and not audited; the others are: exit 3', async () => {
    useExample('production-compliant.json', [DEV]);
    const { code, stdout } = await orgAudit();
    expect(code).toBe(3);
    expect(stdout).toContain(`## account ${PROD} (Production Account) · eu-west-1 · environment production`);
    expect(stdout).toContain(`## account ${DEV} (Dev\\u001b[31m) · us-east-1 · environment production`);
    expect(stdout).toMatch(/NOT AUDITED: AccessDenied: User is not authorized to perform: sts:AssumeRole/);
    expect(stdout).toContain('Organization audit: 4 account-regions, 2 audited, 2 not audited');
    expect(stdout).toContain(`Not audited: ${DEV} eu-west-1: AccessDenied`);
    expect(stdout).toContain(`Not audited: ${DEV} us-east-1: AccessDenied`);
    expect(stdout).not.toContain(ESC);
    expect(stdout.match(/Security Groups Audit Report/g)).toHaveLength(2);
  });

  it('drift anywhere exits 1, even when another account could not be audited', async () => {
    useExample('production-drifted.json', [DEV]);
    const { code, stdout } = await orgAudit('--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ audited: 2, notAudited: 2 });
    expect(report.summary.findings.CRITICAL).toBeGreaterThan(0);
    expect(report.accountRegions[3]).toEqual({
      accountId: DEV,
      accountName: `Dev${ESC}[31m`,
      region: 'us-east-1',
      environment: 'production',
      status: 'not-audited',
      failure: { code: 'AccessDenied', message: expect.stringContaining(roleArn(DEV)) },
    });
    expect(stdout).not.toContain(ESC);
  });

  it('--fail-on none silences findings, never the account-regions it could not look at', async () => {
    useExample('production-drifted.json', [DEV]);
    expect((await orgAudit('--fail-on', 'none')).code).toBe(3);
    useExample('production-drifted.json');
    expect((await orgAudit('--fail-on', 'none')).code).toBe(0);
  });

  it('--regions replaces the map regions for every account', async () => {
    useExample('production-compliant.json');
    const { code, stdout } = await orgAudit(
      '--regions',
      'ap-southeast-2',
      '--concurrency',
      '1',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).accountRegions.map((item: { region: string }) => item.region)).toEqual([
      'ap-southeast-2',
      'ap-southeast-2',
    ]);
    expect(new Set(aws.calls('ec2').map((call) => signedWith(call).region))).toEqual(
      new Set(['ap-southeast-2']),
    );
  });

  it('says on stderr that OU entries are not expanded, and reports them', async () => {
    useExample('production-compliant.json');
    const withUnit = accountsFile(
      `${readFileSync(ACCOUNTS, 'utf8')}organizationalUnits:\n  - id: ou-examplerootid111-exampleouid111\n`,
      'with-unit.yml',
    );
    const { code, stdout, stderr } = await sgdrift(
      'audit',
      '--accounts',
      withUnit,
      '--role-name',
      ROLE,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(stderr).toContain('1 organizational unit(s) not expanded');
    expect(JSON.parse(stdout).summary.organizationalUnitsNotExpanded).toEqual([
      'ou-examplerootid111-exampleouid111',
    ]);
  });

  it('a map of OUs only audits nothing from a workstation, and says so: exit 3, never a clean 0', async () => {
    useExample('production-compliant.json');
    const unitsOnly = accountsFile(
      'version: 1\ndefaults:\n  environment: production\n  regions: [eu-west-1]\norganizationalUnits:\n  - id: ou-examplerootid111-exampleouid111\n',
      'units-only.yml',
    );
    const { code, stderr } = await sgdrift('audit', '--accounts', unitsOnly, '--role-name', ROLE);
    expect(code).toBe(3);
    expect(stderr).toContain(`${unitsOnly}: no account listed by id: nothing was audited`);
    expect(aws.requests).toEqual([]);
  });

  it.each([
    [['--snapshot', 'examples/production-drifted.json'], 'audit: --snapshot cannot be used with --accounts'],
    [['-e', 'production'], 'audit: --environment cannot be used with --accounts'],
    [
      ['--regions', 'eu-west-1,euwest2'],
      "audit: --regions: 'euwest2' is not a region name (eu-west-1, us-east-1, …)",
    ],
    [['--concurrency', '0'], "audit: --concurrency must be a whole number from 1 to 64 (got '0')"],
    [['--concurrency', '0x10'], "audit: --concurrency must be a whole number from 1 to 64 (got '0x10')"],
    [['--concurrency', '1e1'], "audit: --concurrency must be a whole number from 1 to 64 (got '1e1')"],
    [['--format', 'markdown'], "audit: --format must be one of text, json (got 'markdown')"],
    [
      ['--baseline', 'baselines/thebot.compiled.json'],
      'audit: baselines/thebot.compiled.json: --accounts needs the YAML baseline (it judges several environments)',
    ],
  ])('refuses %j as bad usage (exit 2, one line, nothing read)', async (args, message) => {
    useExample('production-compliant.json');
    const { code, stdout, stderr } = await orgAudit(...args);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `sgdrift: ${message}\n` });
    expect(aws.requests).toEqual([]);
  });

  it('refuses a missing role name, a bad role name and a bad accounts map with one line each', async () => {
    useExample('production-compliant.json');
    const noRole = await sgdrift('audit', '--accounts', ACCOUNTS);
    expect([noRole.code, noRole.stderr]).toEqual([2, 'sgdrift: audit: --role-name is required\n']);
    const badRole = await sgdrift('audit', '--accounts', ACCOUNTS, '--role-name', 'role/../admin');
    // Checked before the map is read: one line, no note about the map's OUs before it.
    expect([badRole.code, badRole.stderr]).toEqual([
      2,
      "sgdrift: role name 'role/../admin' is not an IAM role name (1-64 of A-Z a-z 0-9 +=,.@_-)\n",
    ]);
    const badMap = accountsFile(
      'version: 1\naccounts:\n  - id: "2222"\n    environment: production\n    regions: [eu-west-1]\n',
      'bad.yml',
    );
    const bad = await sgdrift('audit', '--accounts', badMap, '--role-name', ROLE);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      `sgdrift: ${badMap}: accounts[0].id: "2222" is not an account id (12 digits) (line 3)\n`,
    ]);
    expect(aws.requests).toEqual([]);
  });

  it('the built binary carries the STS client: one account-region audited end to end', async () => {
    useExample('production-compliant.json');
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [
        BIN,
        'audit',
        '--accounts',
        ACCOUNTS,
        '--role-name',
        ROLE,
        '--regions',
        'eu-west-1',
        '--format',
        'json',
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_ENDPOINT_URL: endpoint,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'AKIDWORKSTATION',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    expect(JSON.parse(stdout).summary).toMatchObject({ accountRegions: 2, audited: 2 });
    expect(aws.calls('sts', 'AssumeRole').map((call) => signedWith(call).accessKeyId)).toEqual([
      'AKIDWORKSTATION',
      'AKIDWORKSTATION',
    ]);
  });
});
