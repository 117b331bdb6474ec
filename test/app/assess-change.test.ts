import { assessChange } from '../../src/app/assess-change';
import { auditEstate } from '../../src/app/run-audit';
import type { ChangeEvent, RuleChange } from '../../src/events/types';
import type { Estate } from '../../src/model/types';
import {
  addRule,
  changeEventOn,
  changeGroup,
  compliantEstate,
  ingress,
  NOW,
  productionBaseline,
  WORLD_V4,
} from '../rules/helpers';

function assess(estate: Estate, event: ChangeEvent, deleted = new Map<string, string[]>()) {
  const audit = auditEstate(productionBaseline(), estate, { now: NOW });
  return assessChange(event, audit, new Set(event.groupIds), deleted);
}

const WORLD_5432 = ingress('tcp', 5432, 5432, WORLD_V4);

describe('assessChange', () => {
  it('links the findings on the rule the event added, with their severity', () => {
    const estate = addRule(compliantEstate(), 'sg-database', WORLD_5432);
    const added: RuleChange = {
      action: 'added',
      groupId: 'sg-database',
      direction: 'ingress',
      rule: WORLD_5432,
      ruleId: null,
    };
    const assessment = assess(estate, changeEventOn('sg-database', [added]));
    expect(assessment.severity).toBe('CRITICAL');
    expect(assessment.related.map((finding) => finding.check).sort()).toEqual([
      'permissive-rules',
      'unexpected-rules',
    ]);
    expect(assessment.groups).toEqual([
      { groupId: 'sg-database', groupName: 'thebot-database-sg', role: 'database' },
    ]);
  });

  it('does not blame an event for drift that was already there', () => {
    const estate = addRule(compliantEstate(), 'sg-database', WORLD_5432);
    const other = ingress('tcp', 5432, 5432, '10.0.0.0/16');
    const added: RuleChange = {
      action: 'added',
      groupId: 'sg-database',
      direction: 'ingress',
      rule: other,
      ruleId: null,
    };
    const assessment = assess(addRule(estate, 'sg-database', other), changeEventOn('sg-database', [added]));
    expect(assessment.related.every((finding) => finding.rule?.peer.value === '10.0.0.0/16')).toBe(true);
    expect(assessment.remaining.length).toBeGreaterThan(assessment.related.length);
  });

  it('links a revoke that named only rule ids to the missing baseline rules of its group', () => {
    const estate = changeGroup(compliantEstate(), 'sg-redis', (group) => {
      group.rules = group.rules.filter((rule) => rule.peer.value !== 'sg-bastion');
    });
    const removed: RuleChange = {
      action: 'removed',
      groupId: 'sg-redis',
      direction: 'ingress',
      rule: null,
      ruleId: 'sgr-1',
    };
    const assessment = assess(estate, changeEventOn('sg-redis', [removed], 'RevokeSecurityGroupIngress'));
    expect(assessment.related).toMatchObject([
      { check: 'missing-rules', baselineRuleId: 'redis_from_bastion' },
    ]);
  });

  it('links every finding on a group the event created', () => {
    const estate = compliantEstate();
    estate.groups.push({
      groupId: 'sg-new',
      groupName: 'temp-sg',
      vpcId: 'vpc-0123456789abcdef0',
      tags: {},
      rules: [],
    });
    const created: RuleChange = {
      action: 'group-created',
      groupId: 'sg-new',
      direction: null,
      rule: null,
      ruleId: null,
    };
    const assessment = assess(estate, changeEventOn('sg-new', [created], 'CreateSecurityGroup'));
    expect(assessment.related.map((finding) => finding.check).sort()).toEqual([
      'missing-tags',
      'missing-tags',
      'missing-tags',
      'unknown-groups',
      'unused-groups',
    ]);
  });

  it('links a deleted group to the missing-groups finding of the role it played', () => {
    const estate = compliantEstate();
    const withoutDatabase = {
      ...estate,
      groups: estate.groups.filter((group) => group.groupId !== 'sg-database'),
    };
    const deleted: RuleChange = {
      action: 'group-deleted',
      groupId: 'sg-database',
      direction: null,
      rule: null,
      ruleId: null,
    };
    const assessment = assess(
      withoutDatabase,
      changeEventOn('sg-database', [deleted], 'DeleteSecurityGroup'),
      new Map([['sg-database', ['database']]]),
    );
    expect(assessment).toMatchObject({
      severity: 'CRITICAL',
      related: [{ check: 'missing-groups', role: 'database' }],
    });
    expect(assessment.groups).toEqual([{ groupId: 'sg-database', groupName: null, role: 'database' }]);
  });

  it('finds nothing for a change that keeps the group compliant', () => {
    const kept = ingress('tcp', 22, 22, '203.0.113.0/32');
    const added: RuleChange = {
      action: 'added',
      groupId: 'sg-bastion',
      direction: 'ingress',
      rule: kept,
      ruleId: null,
    };
    expect(assess(compliantEstate(), changeEventOn('sg-bastion', [added]))).toMatchObject({
      severity: null,
      related: [],
      remaining: [],
    });
  });
});
