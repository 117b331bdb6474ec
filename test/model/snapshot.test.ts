import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SnapshotError } from '../../src/errors';
import { WORLD_V4 } from '../../src/model/cidr';
import { ruleKey } from '../../src/model/rule-key';
import { readSnapshot } from '../../src/model/snapshot';

const SOURCE = 'examples/x.json';
const VPC_CIDR = '10.0.0.0/16';
const BASTION_SG = 'sg-0b1a5710000000001';
const BACKEND_SG = 'sg-0bac0e0d000000003';
const DATABASE_SG = 'sg-0da7aba5e00000004';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
}

const GROUPS_JSON = fixture('estate-groups.json');
const RULES_JSON = fixture('estate-rules.json');

function snapshotError(json: unknown, source = SOURCE): SnapshotError {
  try {
    readSnapshot(json, source);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return error as SnapshotError;
  }
  throw new Error('expected a SnapshotError');
}

const minimalGroup = (groupId: string, extra: Record<string, unknown> = {}) => ({
  GroupId: groupId,
  GroupName: `name-of-${groupId}`,
  ...extra,
});

describe('snapshot: readSnapshot', () => {
  it('reads describe-security-groups output as is', () => {
    const estate = readSnapshot(GROUPS_JSON, SOURCE);
    expect(estate.groups.map((g) => g.groupName)).toEqual([
      'thebot-bastion-sg',
      'thebot-backend-sg',
      'thebot-database-sg',
    ]);
    expect(estate.groups[2]?.rules.map(ruleKey)).toEqual([
      `ingress|tcp|5432|5432|group|${BACKEND_SG}`,
      'egress|all|-1|-1|cidr4|127.0.0.1/32',
    ]);
    expect(estate.groups[0]?.tags).toEqual({
      Name: 'thebot-bastion-sg',
      Environment: 'production',
      ManagedBy: 'terraform',
    });
  });

  it('leaves attachedGroupIds undefined without NetworkInterfaces', () => {
    expect(readSnapshot(GROUPS_JSON, SOURCE)).not.toHaveProperty('attachedGroupIds');
  });

  it('collects attachedGroupIds from NetworkInterfaces', () => {
    const estate = readSnapshot(
      {
        ...GROUPS_JSON,
        NetworkInterfaces: [
          { NetworkInterfaceId: 'eni-1', Groups: [{ GroupId: BASTION_SG, GroupName: 'thebot-bastion-sg' }] },
          { NetworkInterfaceId: 'eni-2', Groups: [{ GroupId: BACKEND_SG }, { GroupId: BASTION_SG }] },
          { NetworkInterfaceId: 'eni-3' },
        ],
      },
      SOURCE,
    );
    expect(estate.attachedGroupIds).toEqual(new Set([BASTION_SG, BACKEND_SG]));
  });

  it('reads an empty NetworkInterfaces list as "nothing attached", not "unknown"', () => {
    expect(readSnapshot({ ...GROUPS_JSON, NetworkInterfaces: [] }, SOURCE).attachedGroupIds).toEqual(
      new Set(),
    );
  });

  it('takes rules with sgr ids from SecurityGroupRules when present', () => {
    const combined = readSnapshot({ ...GROUPS_JSON, ...RULES_JSON }, SOURCE);
    const plain = readSnapshot(GROUPS_JSON, SOURCE);
    combined.groups.forEach((group, i) => {
      expect(group.rules.map(ruleKey).sort()).toEqual(plain.groups[i]?.rules.map(ruleKey).sort());
      expect(group.rules.every((rule) => rule.ruleId?.startsWith('sgr-'))).toBe(true);
    });
  });

  /** A rules listing's row of another group than the snapshot's. */
  const DATABASE_ROW = {
    SecurityGroupRuleId: 'sgr-1',
    GroupId: DATABASE_SG,
    IsEgress: false,
    IpProtocol: '-1',
    CidrIpv4: VPC_CIDR,
  };

  it('refuses a listing that leaves out a group whose IpPermissions hold rules: its rules would vanish', () => {
    const partial = {
      SecurityGroups: [
        minimalGroup(BACKEND_SG, { IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: WORLD_V4 }] }] }),
      ],
      SecurityGroupRules: [DATABASE_ROW],
    };
    expect(() => readSnapshot(partial, SOURCE)).toThrow(
      `${SOURCE}: SecurityGroupRules: no rule of ${BACKEND_SG}, whose IpPermissions hold 1; the listing is partial`,
    );
  });

  it('gives a group with no SecurityGroupRules rows (and no permissions) no rules, and ignores rows of unlisted groups', () => {
    const estate = readSnapshot(
      {
        SecurityGroups: [minimalGroup(BACKEND_SG)],
        SecurityGroupRules: [DATABASE_ROW],
      },
      SOURCE,
    );
    expect(estate.groups[0]?.rules).toEqual([]);
  });

  it('accepts null for optional fields, as some tools write them', () => {
    const estate = readSnapshot(
      { SecurityGroups: [minimalGroup(BACKEND_SG, { VpcId: null, Tags: null, IpPermissions: null })] },
      SOURCE,
    );
    expect(estate.groups[0]).toStrictEqual({
      groupId: BACKEND_SG,
      groupName: `name-of-${BACKEND_SG}`,
      tags: {},
      rules: [],
    });
  });
});

describe('snapshot: readSnapshot errors', () => {
  it.each<[string, unknown, string]>([
    [
      'null',
      null,
      'examples/x.json: expected an object with SecurityGroups (describe-security-groups) or SecurityGroupRules (describe-security-group-rules)',
    ],
    [
      'a bare array',
      [],
      'examples/x.json: expected an object with SecurityGroups (describe-security-groups) or SecurityGroupRules (describe-security-group-rules)',
    ],
    [
      'an object without SecurityGroups',
      { Reservations: [] },
      'examples/x.json: expected an object with SecurityGroups (describe-security-groups) or SecurityGroupRules (describe-security-group-rules)',
    ],
    [
      'SecurityGroups not a list',
      { SecurityGroups: {} },
      'examples/x.json: SecurityGroups: expected an array, got an object',
    ],
    [
      'a group that is not an object',
      { SecurityGroups: [minimalGroup(BACKEND_SG), 'sg-1'] },
      'examples/x.json: SecurityGroups[1]: expected an object, got "sg-1"',
    ],
    [
      'a non-numeric port in the fourth group',
      {
        SecurityGroups: [
          minimalGroup('sg-1'),
          minimalGroup('sg-2'),
          minimalGroup('sg-3'),
          minimalGroup('sg-4', {
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 'abc', ToPort: 22, IpRanges: [{ CidrIp: VPC_CIDR }] },
            ],
          }),
        ],
      },
      'examples/x.json: SecurityGroups[3].IpPermissions[0].FromPort: expected a number, got "abc"',
    ],
    [
      'a bad egress CIDR',
      {
        SecurityGroups: [
          minimalGroup('sg-1', {
            IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/64' }] }],
          }),
        ],
      },
      'examples/x.json: SecurityGroups[0].IpPermissionsEgress[0].IpRanges[0].CidrIp: expected an IPv4 CIDR, got "0.0.0.0/64"',
    ],
    [
      'a group without a name',
      { SecurityGroups: [{ GroupId: 'sg-1' }] },
      'examples/x.json: SecurityGroups[0].GroupName: expected a non-empty string, got nothing',
    ],
    [
      'SecurityGroupRules not a list',
      { SecurityGroups: [], SecurityGroupRules: 'none' },
      'examples/x.json: SecurityGroupRules: expected an array, got "none"',
    ],
    [
      'a rules row with a bad protocol',
      {
        SecurityGroups: [],
        SecurityGroupRules: [{ GroupId: 'sg-1', IsEgress: false, IpProtocol: 'tcpp', CidrIpv4: VPC_CIDR }],
      },
      'examples/x.json: SecurityGroupRules[0].IpProtocol: expected a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255), got "tcpp"',
    ],
    [
      'NetworkInterfaces not a list',
      { SecurityGroups: [], NetworkInterfaces: {} },
      'examples/x.json: NetworkInterfaces: expected an array, got an object',
    ],
    [
      'an interface that is not an object',
      { SecurityGroups: [], NetworkInterfaces: [7] },
      'examples/x.json: NetworkInterfaces[0]: expected an object, got 7',
    ],
    [
      'interface Groups not a list',
      { SecurityGroups: [], NetworkInterfaces: [{ Groups: 'sg-1' }] },
      'examples/x.json: NetworkInterfaces[0].Groups: expected an array, got "sg-1"',
    ],
    [
      'an interface group without id',
      { SecurityGroups: [], NetworkInterfaces: [{ Groups: [{ GroupName: 'x' }] }] },
      'examples/x.json: NetworkInterfaces[0].Groups[0].GroupId: expected a non-empty string, got nothing',
    ],
  ])('names file, path and problem for %s', (_why, json, message) => {
    expect(snapshotError(json).message).toBe(message);
  });

  it('is one line, exits 2, and shortens long values', () => {
    const long = 'x'.repeat(500);
    const error = snapshotError({
      SecurityGroups: [minimalGroup('sg-1', { IpPermissions: [{ IpProtocol: long }] })],
    });
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(200);
    expect(error.exitCode).toBe(2);
  });
});

describe('snapshot: duplicates', () => {
  it('refuses a group that appears twice', () => {
    const group = {
      GroupId: 'sg-0123456789abcdef0',
      GroupName: 'a',
      IpPermissions: [],
      IpPermissionsEgress: [],
    };
    expect(() => readSnapshot({ SecurityGroups: [group, group] }, 'x.json')).toThrow(
      'x.json: SecurityGroups[1].GroupId: sg-0123456789abcdef0 appears twice',
    );
  });
});
