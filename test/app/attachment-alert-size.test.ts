/**
 * An attachment event is never reverted, and the revert report lists every related finding as
 * skipped, with why. Five groups of 60 world-open rules (default quotas) on one RunInstances made
 * that list alone pass SNS's 256 KB: every publish failed and the CRITICAL alert was lost. The alert
 * lists the revert's results under the same limit as its findings.
 */
import { assessChange } from '../../src/app/assess-change';
import type { SecurityGroupRuleReader, SecurityGroupWriter } from '../../src/app/ports';
import { revertChange } from '../../src/app/revert';
import { auditEstate } from '../../src/app/run-audit';
import type { Rule, SecurityGroup } from '../../src/model/types';
import { buildChangeAlert } from '../../src/notify/change-alert';
import { SNS_MAX_MESSAGE_BYTES } from '../../src/notify/limits';
import { snsMessageBody } from '../../src/notify/sns-message';
import { changeEventOn, compliantEstate, NOW, productionBaseline, VPC_ID } from '../rules/helpers';

const never = {
  async describeGroupRules() {
    throw new Error('not called');
  },
} as unknown as SecurityGroupRuleReader;
const noWrites = {} as SecurityGroupWriter;

function worldOpen(index: number, direction: 'ingress' | 'egress'): Rule {
  return {
    direction,
    protocol: 'tcp',
    fromPort: 1000 + index,
    toPort: 1000 + index,
    peer: { kind: 'cidr4', value: '0.0.0.0/0' },
    description: `${'d'.repeat(240)}-${index}`,
  };
}

describe('app: an only-alerted attachment on groups full of drift still alerts', () => {
  it('an only-alerted RunInstances on 5 groups x 60 rules still fits one SNS message', async () => {
    const baseline = productionBaseline();
    const estate = compliantEstate(baseline);
    const ids: string[] = [];
    for (let g = 0; g < 5; g += 1) {
      const groupId = `sg-0legacy00000000${g}`;
      ids.push(groupId);
      const group: SecurityGroup = {
        groupId,
        groupName: `legacy-${g}-${'n'.repeat(200)}`,
        vpcId: VPC_ID,
        tags: {},
        rules: [
          ...Array.from({ length: 30 }, (_, i) => worldOpen(i, 'ingress')),
          ...Array.from({ length: 30 }, (_, i) => worldOpen(i, 'egress')),
        ],
      };
      estate.groups.push(group);
    }
    const audit = auditEstate(baseline, estate, { now: NOW });
    const event = {
      ...changeEventOn(ids[0] as string, [], 'RunInstances'),
      groupIds: ids,
      attachments: [{ interfaceId: 'eni-0a', instanceId: 'i-0a', groupIds: ids }],
    };
    const assessment = assessChange(event, audit, new Set(ids), new Map());
    expect(assessment.related.length).toBeGreaterThan(100);

    const revert = await revertChange(
      event,
      { baseline, resolution: audit.resolution, findings: assessment.related },
      { rules: never, writer: noWrites },
      { mode: 'enforce', allowedPrincipals: [], maxRevertRules: 10, restoreMissing: false },
    );
    expect(revert?.status).toBe('not-revertible');
    const alert = buildChangeAlert({
      environment: 'production',
      event,
      assessment,
      detectedAt: NOW,
      ...(revert ? { revert } : {}),
    });
    const bytes = Buffer.byteLength(snsMessageBody(alert), 'utf8');
    // SNS refuses a larger message: the publish fails, every retry too, and the alert is lost.
    expect(bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(alert.text).toMatch(/… and \d+ more rules/);
    expect((alert.json as { outcome: { omittedResults: number } }).outcome.omittedResults).toBeGreaterThan(0);
  });
});
