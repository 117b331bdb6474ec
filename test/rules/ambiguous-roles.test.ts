import { auditEstate } from '../../src/app/run-audit';
import type { SecurityGroup } from '../../src/model/types';
import {
  addRule,
  compliantEstate,
  egress,
  findingsOf,
  ingress,
  NOW,
  productionBaseline,
  VPC_CIDR,
  VPC_ID,
  WORLD_V4,
} from './helpers';

const check = 'ambiguous-roles';
const OTHER_VPC = 'vpc-0ddc0ffee0ddc0ffe';
const lookalike = (vpcId: string): SecurityGroup => ({
  groupId: 'sg-lookalike',
  groupName: 'thebot-bastion-sg',
  vpcId,
  tags: {},
  rules: [],
});

describe('check: ambiguous-roles', () => {
  it('passes the compliant estate', () => {
    expect(findingsOf(check, compliantEstate())).toEqual([]);
  });

  it('flags a role two groups answer to as CRITICAL, naming every candidate', () => {
    const estate = compliantEstate();
    const findings = findingsOf(check, { ...estate, groups: [...estate.groups, lookalike(OTHER_VPC)] });
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', role: 'bastion', groupId: null, rule: null });
    expect(findings[0]?.message).toContain('sg-bastion');
    expect(findings[0]?.message).toContain(`sg-lookalike`);
    // The rules from the bastion cannot be judged either: each is named, never silently passed.
    expect(findings.slice(1).map((finding) => [finding.groupId, finding.rule?.peer.value])).toEqual([
      ['sg-database', 'sg-bastion'],
      ['sg-backend', 'sg-bastion'],
      ['sg-redis', 'sg-bastion'],
    ]);
  });

  it('names access granted to a lookalike, which matches a declaration once the role is in doubt', () => {
    const backendLookalike: SecurityGroup = {
      groupId: 'sg-lookalike',
      groupName: 'thebot-backend-sg',
      vpcId: OTHER_VPC,
      tags: {},
      rules: [],
    };
    const granted = addRule(compliantEstate(), 'sg-database', {
      ...ingress('tcp', 5432, 5432, VPC_CIDR),
      peer: { kind: 'group', value: 'sg-lookalike' },
      description: 'PostgreSQL from the backend',
    });
    const findings = findingsOf(check, { ...granted, groups: [...granted.groups, backendLookalike] });
    const grant = findings.find((finding) => finding.rule?.peer.value === 'sg-lookalike');
    expect(grant).toMatchObject({ severity: 'CRITICAL', groupId: 'sg-database', role: 'database' });
    expect(grant?.message).toContain('refers to a group that may be role backend');
  });

  it("names drift on a role's group while a lookalike puts the role in doubt", () => {
    const databaseLookalike: SecurityGroup = {
      groupId: 'sg-lookalike',
      groupName: 'thebot-database-sg',
      vpcId: OTHER_VPC,
      tags: {},
      rules: [],
    };
    const drifted = addRule(compliantEstate(), 'sg-database', egress('-1', -1, -1, WORLD_V4));
    const result = auditEstate(
      productionBaseline(),
      { ...drifted, groups: [...drifted.groups, databaseLookalike] },
      { now: NOW },
    );
    const drift = result.findings.filter(
      (finding) => finding.check === check && finding.groupId === 'sg-database' && finding.rule !== null,
    );
    expect(drift).toMatchObject([{ severity: 'CRITICAL', role: 'database', rule: { direction: 'egress' } }]);
    expect(drift[0]?.message).toContain('is not in the baseline of role database');
  });

  it('leaves the rules that refer to the ambiguous role unjudged, and its candidates to itself', () => {
    const estate = compliantEstate();
    const result = auditEstate(
      productionBaseline(),
      { ...estate, groups: [...estate.groups, lookalike(VPC_ID)] },
      { now: NOW },
    );
    const checks = result.findings.map((finding) => finding.check);
    expect(checks).not.toContain('missing-rules');
    expect(checks).not.toContain('unexpected-rules');
    expect(checks).not.toContain('unknown-groups');
    expect(checks).not.toContain('missing-groups');
  });

  it('flags a role whose group is not the one last seen', () => {
    const result = auditEstate(productionBaseline(), compliantEstate(), {
      now: NOW,
      previousRoleGroups: new Map([['database', 'sg-0ld']]),
    });
    const findings = result.findings.filter((finding) => finding.check === check);
    expect(findings).toMatchObject([{ severity: 'CRITICAL', role: 'database', groupId: 'sg-database' }]);
    expect(findings[0]?.message).toContain('not sg-0ld as before');
  });

  it('judges a group two ambiguous roles may be against both: a rule one of them declares is not listed (found by review)', () => {
    // redis selected by a Name tag the real database group also carries: sg-database may be either.
    const baseline = productionBaseline();
    const redis = baseline.roles.find((role) => role.role === 'redis');
    if (!redis) throw new Error('no redis role');
    redis.selector = { nameTag: 'shared-name' };
    const estate = compliantEstate(baseline);
    const database = estate.groups.find((group) => group.groupId === 'sg-database');
    if (!database) throw new Error('no database group');
    database.tags = { ...database.tags, Name: 'shared-name' };
    const findings = auditEstate(baseline, estate, { now: NOW }).findings.filter(
      (finding) => finding.check === check && finding.groupId === 'sg-database' && finding.rule,
    );
    // Its own 5432 rules are the database role's: not "not in the baseline of role redis".
    const declared = findings.filter((finding) => finding.rule?.fromPort === 5432);
    expect(declared).toEqual([]);
    for (const finding of findings) expect(finding.message).not.toMatch(/of role redis,/);
  });
});
