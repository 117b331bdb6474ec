/**
 * Issue 9 items 1 and 2, end to end through the CLI: a lookalike group never takes a role (and so
 * never steers a revert), and the shipped baseline speaks for a real account's own VPC.
 */
import { readFileSync } from 'node:fs';
import {
  asStaging,
  bareGroup,
  EXAMPLES_VPC,
  exampleSnapshot,
  inVpc,
  OTHER_VPC,
  REAL_VPC,
  snapshotFile,
  tempFile,
} from '../support/estates';
import { sgdrift } from './run';

const REAL_BASTION = 'sg-0a1b2c3d4e5f60001';
/** Lower than every real group id: the old resolver picked it. */
const LOOKALIKE = 'sg-00000000000000001';
const WORLD_RDP = {
  IpProtocol: 'tcp',
  FromPort: 3389,
  ToPort: 3389,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
};

function stagingWithLookalike(): string {
  const snapshot = asStaging(exampleSnapshot('production-compliant'));
  snapshot.SecurityGroups.push(
    bareGroup(LOOKALIKE, 'innocent-name', EXAMPLES_VPC, { Name: 'thebot-staging-bastion-sg' }),
  );
  return snapshotFile(snapshot);
}

describe('cli: a lookalike group never takes a role', () => {
  it('revert plans nothing that touches the bastion role or grants the lookalike access', async () => {
    const { code, stdout } = await sgdrift(
      'revert',
      '-e',
      'staging',
      '-s',
      stagingWithLookalike(),
      '-f',
      'json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const planned = report.results.filter((result: { status: string }) => result.status === 'planned');
    expect(planned).toEqual([]);
    expect(stdout).not.toContain(`"value": "${LOOKALIKE}"`);
    expect(report.status).toBe('nothing-to-do');
  });

  it('audit reports the ambiguous role as CRITICAL, naming both candidates, and no false drift', async () => {
    const { code, stdout } = await sgdrift(
      'audit',
      '-e',
      'staging',
      '-s',
      stagingWithLookalike(),
      '-f',
      'json',
    );
    expect(code).toBe(1);
    const { findings } = JSON.parse(stdout);
    const checks = findings.map((finding: { check: string }) => finding.check);
    expect(checks[0]).toBe('ambiguous-roles');
    // The rules that refer to the bastion role are neither missing nor unexpected: not judged.
    expect(checks).not.toContain('missing-rules');
    expect(checks).not.toContain('unexpected-rules');
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', role: 'bastion' });
    expect(findings[0].message).toContain(LOOKALIKE);
    expect(findings[0].message).toContain(REAL_BASTION);
  });

  it('a same-named group in another VPC makes the unpinned role ambiguous too', async () => {
    const snapshot = inVpc(exampleSnapshot('production-compliant'), REAL_VPC);
    snapshot.SecurityGroups.push(bareGroup(LOOKALIKE, 'thebot-bastion-sg', OTHER_VPC));
    const { stdout } = await sgdrift(
      'revert',
      '-e',
      'production',
      '-s',
      snapshotFile(snapshot),
      '-f',
      'json',
    );
    expect(JSON.parse(stdout).status).toBe('nothing-to-do');
  });
});

describe('cli: the shipped baseline on a real account', () => {
  function realAccount(): ReturnType<typeof exampleSnapshot> {
    const snapshot = inVpc(exampleSnapshot('production-compliant'), REAL_VPC);
    const defaultGroup = snapshot.SecurityGroups.find((group) => group.GroupName === 'default');
    defaultGroup?.IpPermissions?.push(WORLD_RDP);
    snapshot.SecurityGroups.push(bareGroup('sg-0debd0debd0debd0', 'thebot-debug-sg', REAL_VPC));
    return snapshot;
  }

  it('reports the extra group and the default group open to the world in the account own VPC', async () => {
    const { code, stdout } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-s',
      snapshotFile(realAccount()),
      '-f',
      'json',
    );
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings as Array<{ check: string; groupName: string }>;
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'unknown-groups', groupName: 'thebot-debug-sg' }),
        expect.objectContaining({ check: 'default-group-open', groupName: 'default' }),
      ]),
    );
  });

  it('refuses a pin that matches no group: one line naming the file and field, exit 2', async () => {
    const shipped = readFileSync('baselines/thebot.yml', 'utf8');
    const pinned = shipped.replace(
      '  production:\n    vars:',
      `  production:\n    vpcIds: [${EXAMPLES_VPC}]\n    vars:`,
    );
    expect(pinned).not.toBe(shipped);
    const baseline = tempFile('pinned.yml', pinned);
    const { code, stdout, stderr } = await sgdrift(
      'audit',
      '-e',
      'production',
      '-b',
      baseline,
      '-s',
      snapshotFile(realAccount()),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${baseline}: environments.production.vpcIds pins ${EXAMPLES_VPC}`);
  });

  it('revert, like audit, refuses --sg-name for a group outside the pinned VPCs (found by review)', async () => {
    const shipped = readFileSync('baselines/thebot.yml', 'utf8');
    const baseline = tempFile(
      'pinned-sg-name.yml',
      shipped.replace('  production:\n    vars:', `  production:\n    vpcIds: [${EXAMPLES_VPC}]\n    vars:`),
    );
    const snapshot = exampleSnapshot('production-drifted');
    snapshot.SecurityGroups.push(bareGroup('sg-0e7a0000000000001', 'elsewhere-sg', OTHER_VPC));
    const file = snapshotFile(snapshot, 'pinned-elsewhere.json');
    for (const command of ['audit', 'revert']) {
      const { code, stderr } = await sgdrift(
        command,
        '-e',
        'production',
        '-b',
        baseline,
        '-s',
        file,
        '--sg-name',
        'elsewhere-sg',
      );
      expect({ command, code }).toEqual({ command, code: 2 });
      expect(stderr).toContain(
        `${command}: --sg-name elsewhere-sg matches no security group and no baseline role`,
      );
    }
  });
});
