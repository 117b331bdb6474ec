import { auditEstate } from '../../src/app/run-audit';
import type { SecurityGroup } from '../../src/model/types';
import { compliantEstate, findingsOf, NOW, productionBaseline, VPC_ID } from './helpers';

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
    expect(findings).toMatchObject([{ severity: 'CRITICAL', role: 'bastion', groupId: null }]);
    expect(findings[0]?.message).toContain('sg-bastion');
    expect(findings[0]?.message).toContain(`sg-lookalike`);
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
});
