import { auditEstate } from '../../src/app/run-audit';
import type { EnvironmentBaseline } from '../../src/baseline/types';
import { BlastRadiusError } from '../../src/errors';
import type { Estate, Rule } from '../../src/model/types';
import { assertWithinBlastRadius, planRevert } from '../../src/remediation/plan';
import type { Finding } from '../../src/rules/types';
import {
  addRule,
  CONTRACTOR_IP,
  changeGroup,
  compliantEstate,
  contractorException,
  ingress,
  NOW,
  productionBaseline,
  WORLD_V4,
} from '../rules/helpers';

const DATABASE = 'sg-database';
const REDIS = 'sg-redis';
const BASTION = 'sg-bastion';
const WORLD_5432 = ingress('tcp', 5432, 5432, WORLD_V4, '');

/** Every rule gets an `sgr-` id, as DescribeSecurityGroupRules returns them. */
function freshRulesOf(estate: Estate): Map<string, Rule[]> {
  let next = 1;
  return new Map(
    estate.groups.map((group) => [
      group.groupId,
      group.rules.map((rule) => ({ ...rule, ruleId: `sgr-${String(next++).padStart(17, '0')}` })),
    ]),
  );
}

function plan(
  estate: Estate,
  options: { baseline?: EnvironmentBaseline; restoreMissing?: boolean; only?: (f: Finding) => boolean } = {},
) {
  const baseline = options.baseline ?? productionBaseline();
  const audit = auditEstate(baseline, estate, { now: NOW });
  const freshRules = freshRulesOf(estate);
  const findings = audit.findings.filter(options.only ?? (() => true));
  return {
    freshRules,
    findings,
    plan: planRevert({
      baseline,
      resolution: audit.resolution,
      findings,
      freshRules,
      restoreMissing: options.restoreMissing ?? true,
    }),
  };
}

const withoutRedisFromBastion = (estate: Estate) =>
  changeGroup(estate, REDIS, (group) => {
    group.rules = group.rules.filter((rule) => !(rule.peer.kind === 'group' && rule.peer.value === BASTION));
  });

describe('remediation: planRevert', () => {
  it('revokes a world-open rule by its sgr- id, once, naming the checks that call for the revoke', () => {
    const { plan: result, freshRules } = plan(addRule(compliantEstate(), DATABASE, WORLD_5432));
    const observed = freshRules.get(DATABASE)?.find((rule) => rule.peer.value === WORLD_V4);
    expect(result.changes).toEqual([
      {
        action: 'revoke',
        groupId: DATABASE,
        groupName: 'thebot-database-sg',
        role: 'database',
        rule: observed,
        baselineRuleId: null,
        checks: ['permissive-rules', 'unexpected-rules'],
      },
    ]);
    expect(result.changes[0]?.rule.ruleId).toMatch(/^sgr-/);
    expect(result.notes).toEqual([]);
  });

  it('restores a removed baseline rule with the baseline description and no rule id', () => {
    const { plan: result } = plan(withoutRedisFromBastion(compliantEstate()));
    expect(result.changes).toMatchObject([
      {
        action: 'restore',
        groupId: REDIS,
        baselineRuleId: 'redis_from_bastion',
        rule: {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 6379,
          toPort: 6379,
          peer: { kind: 'group', value: BASTION },
          description: expect.stringContaining('(redis_from_bastion)'),
        },
      },
    ]);
    expect(result.changes[0]?.rule).not.toHaveProperty('ruleId');
  });

  it('plans revokes before restores, so exposure closes first', () => {
    const estate = addRule(withoutRedisFromBastion(compliantEstate()), DATABASE, WORLD_5432);
    expect(plan(estate).plan.changes.map((change) => change.action)).toEqual(['revoke', 'restore']);
  });

  it('reports a rule the fresh read no longer has as already gone, and a restored one as already present', () => {
    const drifted = addRule(withoutRedisFromBastion(compliantEstate()), DATABASE, WORLD_5432);
    const baseline = productionBaseline();
    const audit = auditEstate(baseline, drifted, { now: NOW });
    // Between the alert's read and the revert's read, someone fixed both by hand.
    const freshRules = freshRulesOf(compliantEstate());
    const result = planRevert({
      baseline,
      resolution: audit.resolution,
      findings: audit.findings,
      freshRules,
      restoreMissing: true,
    });
    expect(result.changes).toEqual([]);
    expect(result.notes.map((note) => [note.groupId, note.status]).sort()).toEqual([
      [DATABASE, 'already-gone'],
      [REDIS, 'already-present'],
    ]);
  });

  it('acts only on the findings it is given (the event’s own drift)', () => {
    const estate = addRule(
      addRule(compliantEstate(), DATABASE, WORLD_5432),
      REDIS,
      ingress('tcp', 6379, 6379, WORLD_V4),
    );
    const { plan: result } = plan(estate, { only: (finding) => finding.groupId === DATABASE });
    expect(result.changes.map((change) => change.groupId)).toEqual([DATABASE]);
  });

  it('skips groups that map to no baseline role', () => {
    const { plan: result } = plan(addRule(compliantEstate(), 'sg-default', ingress('tcp', 22, 22, WORLD_V4)));
    expect(result.changes).toEqual([]);
    expect(result.notes).toContainEqual(
      expect.objectContaining({
        groupId: 'sg-default',
        status: 'skipped',
        reason: 'the group maps to no baseline role: not touched',
      }),
    );
  });

  it('skips a role that opts out of auto-revert', () => {
    const baseline = productionBaseline();
    for (const role of baseline.roles) if (role.role === 'database') role.autoRevert = false;
    const { plan: result } = plan(addRule(compliantEstate(baseline), DATABASE, WORLD_5432), { baseline });
    expect(result.changes).toEqual([]);
    expect(result.notes).toEqual([
      expect.objectContaining({
        status: 'skipped',
        reason: 'role database opts out of auto-revert (autoRevert: false)',
        checks: ['permissive-rules', 'unexpected-rules', 'undocumented-rules'],
      }),
    ]);
  });

  it('with restoreMissing off, reports the removed rule instead of restoring it', () => {
    const { plan: result } = plan(withoutRedisFromBastion(compliantEstate()), { restoreMissing: false });
    expect(result.changes).toEqual([]);
    expect(result.notes).toMatchObject([{ status: 'skipped', reason: 'RESTORE_MISSING is off' }]);
  });

  it('never revokes a rule the baseline declares, even when an expired exception flags it', () => {
    const baseline = productionBaseline();
    baseline.exceptions.push({
      role: 'database',
      direction: 'ingress',
      protocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      peer: { kind: 'role', value: 'backend' },
      reason: 'overlaps a baseline rule',
      owner: 'dba@example.com',
      ticket: 'INC-1',
      expires: new Date(NOW.getTime() - 1000),
    });
    const { plan: result, findings } = plan(compliantEstate(baseline), { baseline });
    expect(findings.map((finding) => finding.check)).toEqual(['expired-exceptions']);
    expect(result.changes).toEqual([]);
    expect(result.notes).toMatchObject([{ status: 'skipped', reason: 'the baseline declares this rule' }]);
  });

  it('revokes the rule of an expired exception', () => {
    const baseline = productionBaseline();
    baseline.exceptions.push(contractorException(new Date(NOW.getTime() - 1000)));
    const estate = addRule(compliantEstate(baseline), DATABASE, ingress('tcp', 5432, 5432, CONTRACTOR_IP));
    const { plan: result } = plan(estate, { baseline });
    expect(result.changes).toMatchObject([
      { action: 'revoke', checks: expect.arrayContaining(['expired-exceptions', 'unexpected-rules']) },
    ]);
  });

  it('only alerts deletions, tags and descriptions, each with its reason', () => {
    const estate = changeGroup(compliantEstate(), BASTION, (group) => {
      group.tags = { Name: 'thebot-bastion-sg' };
      group.rules = group.rules.map((rule) => ({ ...rule, description: '' }));
    });
    estate.groups = estate.groups.filter((group) => group.groupId !== REDIS);
    const reasons = new Set(plan(estate).plan.notes.map((note) => `${note.checks[0]}: ${note.reason}`));
    expect(reasons).toEqual(
      new Set([
        'missing-groups: group deletion is only alerted',
        'missing-tags: tag changes are only alerted',
        'undocumented-rules: description-only changes are only alerted',
      ]),
    );
  });
});

describe('remediation: assertWithinBlastRadius', () => {
  const estate = addRule(
    addRule(compliantEstate(), DATABASE, WORLD_5432),
    DATABASE,
    ingress('tcp', 22, 22, WORLD_V4),
  );

  it('accepts a plan of exactly the limit', () => {
    expect(() => assertWithinBlastRadius(plan(estate).plan, 2)).not.toThrow();
  });

  it('refuses a plan over the limit with a BlastRadiusError naming both numbers', () => {
    expect(() => assertWithinBlastRadius(plan(estate).plan, 1)).toThrow(
      new BlastRadiusError('revert refused: 2 rule changes exceed MAX_REVERT_RULES=1; nothing was changed'),
    );
  });
});
