/**
 * Estates shaped like real accounts, built from the examples' describe-security-groups output:
 * the seed's six groups moved to an account's own VPC, the staging naming, lookalike groups.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecurityGroup as RawGroup } from '@aws-sdk/client-ec2';

export const EXAMPLES_VPC = 'vpc-0123456789abcdef0';
/** A VPC id as a real account has it: not the examples' id. */
export const REAL_VPC = 'vpc-07e1b0c4d2a9f3e55';
export const OTHER_VPC = 'vpc-0ddc0ffee0ddc0ffe';

export interface RawSnapshot {
  SecurityGroups: RawGroup[];
  NetworkInterfaces?: unknown[];
}

/** An example snapshot (`examples/<name>.json`), deep-copied. */
export function exampleSnapshot(name: string): RawSnapshot {
  return JSON.parse(readFileSync(join(__dirname, '../../examples', `${name}.json`), 'utf8'));
}

/** The snapshot with every group in `vpcId`, as on an account that holds the seed's groups. */
export function inVpc(snapshot: RawSnapshot, vpcId: string): RawSnapshot {
  return {
    ...snapshot,
    SecurityGroups: snapshot.SecurityGroups.map((group) => ({ ...group, VpcId: vpcId })),
  };
}

/**
 * The staging environment of the bundled baseline: Name tag `thebot-staging-<role>-sg`, VPC CIDR
 * 10.1.0.0/16 instead of production's 10.0.0.0/16.
 */
export function asStaging(snapshot: RawSnapshot): RawSnapshot {
  const restaged: RawSnapshot = JSON.parse(
    JSON.stringify(snapshot).replaceAll('"10.0.0.0/16"', '"10.1.0.0/16"'),
  );
  return {
    ...restaged,
    SecurityGroups: restaged.SecurityGroups.map((group) => ({
      ...group,
      Tags: (group.Tags ?? []).map((tag) => {
        if (tag.Key === 'Environment') return { ...tag, Value: 'staging' };
        if (tag.Key === 'Name' && tag.Value?.startsWith('thebot-') && group.GroupName !== 'default')
          return { ...tag, Value: tag.Value.replace(/^thebot-/, 'thebot-staging-') };
        return tag;
      }),
    })),
  };
}

/** A group nobody declared: no rules, the given name, tags and VPC. */
export function bareGroup(
  groupId: string,
  groupName: string,
  vpcId: string,
  tags: Record<string, string> = {},
): RawGroup {
  return {
    GroupId: groupId,
    GroupName: groupName,
    Description: 'created by hand',
    OwnerId: '123456789012',
    VpcId: vpcId,
    IpPermissions: [],
    IpPermissionsEgress: [],
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

/** Writes `text` to a fresh temporary file named `name` and returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sgdrift-estate-')), name);
  writeFileSync(path, text);
  return path;
}

/** Writes a snapshot to a fresh temporary file and returns its path. */
export function snapshotFile(snapshot: RawSnapshot, name = 'snapshot.json'): string {
  return tempFile(name, JSON.stringify(snapshot));
}
