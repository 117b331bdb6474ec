import type { RuleWriteResult, SecurityGroupRuleReader, SecurityGroupWriter } from '../../src/app/ports';
import { revertDrift } from '../../src/app/revert';
import { auditEstate } from '../../src/app/run-audit';
import type { Rule } from '../../src/model/types';
import { addRule, compliantEstate, ingress, NOW, productionBaseline, WORLD_V4 } from '../rules/helpers';

const DATABASE = 'sg-database';
const OPENED_ID = 'sgr-00000000000000001';
const WORLD_5432: Rule = { ...ingress('tcp', 5432, 5432, WORLD_V4), ruleId: OPENED_ID };

function drift() {
  const baseline = productionBaseline();
  const estate = addRule(compliantEstate(baseline), DATABASE, WORLD_5432);
  const audit = auditEstate(baseline, estate, { now: NOW });
  return { baseline, resolution: audit.resolution, findings: audit.findings, estate };
}

/** Rule reads that return `reads[i]` on the i-th call (the last one repeats). */
function reads(...states: Rule[][]): SecurityGroupRuleReader & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async describeGroupRules(groupIds) {
      calls.push([...groupIds]);
      return new Map([[DATABASE, states[Math.min(calls.length - 1, states.length - 1)] ?? []]]);
    },
  };
}

function writer(result: RuleWriteResult): SecurityGroupWriter & { revoked: string[] } {
  const revoked: string[] = [];
  return {
    revoked,
    async revokeRule(_groupId, rule) {
      revoked.push(rule.ruleId ?? '');
      return result;
    },
    async authorizeRule() {
      return result;
    },
  };
}

describe('app: revertDrift', () => {
  it('enforce: reads only role groups with drift, revokes, then verifies with a second read', async () => {
    const { estate, ...input } = drift();
    const database = estate.groups.find((group) => group.groupId === DATABASE)?.rules ?? [];
    const rules = reads(
      database,
      database.filter((rule) => rule.ruleId !== OPENED_ID),
    );
    const ec2 = writer({ status: 'done' });
    const report = await revertDrift(
      input,
      { rules, writer: ec2 },
      { mode: 'enforce', maxRules: 10, restoreMissing: true },
    );
    expect(rules.calls).toEqual([[DATABASE], [DATABASE]]);
    expect(ec2.revoked).toEqual([OPENED_ID]);
    expect(report).toMatchObject({ status: 'applied', verified: true, results: [{ status: 'reverted' }] });
  });

  it('reports a revoke that EC2 accepted but the re-read still shows as failed (NotVerified)', async () => {
    const { estate, ...input } = drift();
    const database = estate.groups.find((group) => group.groupId === DATABASE)?.rules ?? [];
    const report = await revertDrift(
      input,
      { rules: reads(database), writer: writer({ status: 'done' }) },
      { mode: 'enforce', maxRules: 10, restoreMissing: true },
    );
    expect(report.verified).toBe(false);
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      error: { code: 'NotVerified', message: 'still present after revoke' },
    });
  });

  it('counts NotFound on revoke as already gone, without a verification read', async () => {
    const { estate, ...input } = drift();
    const database = estate.groups.find((group) => group.groupId === DATABASE)?.rules ?? [];
    const rules = reads(database);
    const report = await revertDrift(
      input,
      { rules, writer: writer({ status: 'already-done', code: 'InvalidSecurityGroupRuleId.NotFound' }) },
      { mode: 'enforce', maxRules: 10, restoreMissing: true },
    );
    expect(rules.calls).toHaveLength(1);
    expect(report).toMatchObject({
      verified: true,
      results: [{ status: 'already-gone', reason: 'InvalidSecurityGroupRuleId.NotFound' }],
    });
  });

  it('dry-run never calls the writer', async () => {
    const { estate, ...input } = drift();
    const database = estate.groups.find((group) => group.groupId === DATABASE)?.rules ?? [];
    const ec2 = writer({ status: 'done' });
    const report = await revertDrift(
      input,
      { rules: reads(database), writer: ec2 },
      { mode: 'dry-run', maxRules: 10, restoreMissing: true },
    );
    expect(ec2.revoked).toEqual([]);
    expect(report).toMatchObject({
      status: 'planned',
      verified: null,
      results: [{ status: 'planned', action: 'revoke' }],
    });
  });

  it('lets a failed read propagate, having changed nothing (the change use case reports it)', async () => {
    const { estate: _unused, ...input } = drift();
    const ec2 = writer({ status: 'done' });
    const failing: SecurityGroupRuleReader = {
      describeGroupRules: () =>
        Promise.reject(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' })),
    };
    await expect(
      revertDrift(
        input,
        { rules: failing, writer: ec2 },
        { mode: 'enforce', maxRules: 10, restoreMissing: true },
      ),
    ).rejects.toThrow('denied');
    expect(ec2.revoked).toEqual([]);
  });
});
