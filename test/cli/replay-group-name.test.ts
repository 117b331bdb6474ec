import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEvent } from '../events/load-event';
import { sgdrift } from './run';

// A real DeleteSecurityGroup (EKS), as a default-VPC call names the group: by name, no id.
const DELETE = 'DeleteSecurityGroup/aws-spotlight-eks-service-role.json';
const COMPLIANT = 'examples/production-compliant.json';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sgdrift-by-name-'));
}

function deleteByName(dir: string, groupName: string): string {
  const event = loadEvent(DELETE);
  event.detail.requestParameters = { groupName };
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(event));
  return file;
}

function snapshotWithout(dir: string, groupName: string): string {
  const snapshot = JSON.parse(readFileSync(COMPLIANT, 'utf8'));
  snapshot.SecurityGroups = snapshot.SecurityGroups.filter(
    (group: { GroupName: string }) => group.GroupName !== groupName,
  );
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('sgdrift replay: a group named only by its name', () => {
  it('keeps the name in the event JSON: groupNames and the change', async () => {
    const event = deleteByName(tempDir(), 'launch-wizard-3');
    const { stdout } = await sgdrift('replay', event, '-s', COMPLIANT, '--format', 'json');
    const summary = JSON.parse(stdout).event;
    expect(summary.groupIds).toEqual([]);
    expect(summary.groupNames).toEqual(['launch-wizard-3']);
    expect(summary.changes).toEqual([
      expect.objectContaining({ action: 'group-deleted', groupId: null, groupName: 'launch-wizard-3' }),
    ]);
  });

  it('alerts a role group deleted by name, naming the group in the text and the JSON', async () => {
    const dir = tempDir();
    const event = deleteByName(dir, 'thebot-vpc-endpoints-sg');
    const snapshot = snapshotWithout(dir, 'thebot-vpc-endpoints-sg');
    const text = (await sgdrift('replay', event, '-s', snapshot)).stdout;
    expect(text).toContain('Subject: MEDIUM production thebot-vpc-endpoints-sg: group deleted by AmazonEKS');
    expect(text).toContain('  group named thebot-vpc-endpoints-sg (no id in the call) deleted');
    expect(text).toContain('missing-groups: No security group found for role vpc-endpoints');
    const { alert } = JSON.parse((await sgdrift('replay', event, '-s', snapshot, '--format', 'json')).stdout);
    expect(alert.groupNames).toEqual(['thebot-vpc-endpoints-sg']);
    expect(alert.changes[0]).toMatchObject({ groupName: 'thebot-vpc-endpoints-sg' });
  });
});

describe('sgdrift replay: a group neither in the snapshot nor in the baseline', () => {
  it('says so for a group id, instead of "no new drift against the baseline"', async () => {
    const { stdout } = await sgdrift('replay', `test/fixtures/cloudtrail/${DELETE}`, '-s', COMPLIANT);
    expect(stdout).toBe(
      'DeleteSecurityGroup 3c60b1ba-9483-4407-87be-7c30215f68ed: no alert ' +
        '(sg-00114590f004f1078 is neither in the snapshot nor in the baseline: nothing to judge the change against)\n',
    );
  });

  it('says so for a group name, in the text and in the JSON', async () => {
    const event = deleteByName(tempDir(), 'launch-wizard-3');
    const text = (await sgdrift('replay', event, '-s', COMPLIANT)).stdout;
    expect(text).toContain('(the group named launch-wizard-3 is neither in the snapshot nor in the baseline');
    const json = JSON.parse((await sgdrift('replay', event, '-s', COMPLIANT, '--format', 'json')).stdout);
    expect(json.alert).toBeNull();
    expect(json.note).toBe(
      'the group named launch-wizard-3 is neither in the snapshot nor in the baseline: nothing to judge the change against',
    );
  });

  it('still says "no new drift" for a baseline group the event left compliant', async () => {
    const { stdout } = await sgdrift(
      'replay',
      'examples/events/frontend-sg-description-update-compliant.json',
      '-s',
      COMPLIANT,
    );
    expect(stdout).toContain('no alert (no new drift against the baseline)');
  });
});
