/** Every report and alert shows a finding's exposure, through the one sanitiser. */

import { auditEstate } from '../../src/app/run-audit';
import { parseSecurityGroupEvent } from '../../src/events/parse';
import type { Estate } from '../../src/model/types';
import { buildAuditDigest } from '../../src/notify/audit-digest';
import { buildChangeAlert } from '../../src/notify/change-alert';
import { slackMessageFor } from '../../src/notify/slack-blocks';
import { toJsonReport } from '../../src/report/json';
import { renderMarkdown } from '../../src/report/markdown';
import { renderText } from '../../src/report/text';
import { RECORDED, recordedInterface, tempDebugGroup } from '../rules/exposure-helpers';
import { compliantEstate, ingress, NOW, productionBaseline, WORLD_V4 } from '../rules/helpers';
import { authorizeIngressEvent } from '../support/events';

const TEMP_GROUP = 'sg-temp-debug';
const EXPOSES =
  'exposes i-06082bd7eb8460b79 (54.209.172.47) to the internet via public IPs (route tables not read)';

/** temp-debug-sg (SSH from the world, no role) on the recorded instance with a public IP. */
function exposedEstate(resourceName?: string): Estate {
  const estate = compliantEstate();
  const temp = tempDebugGroup(TEMP_GROUP);
  const instance = recordedInterface(RECORDED.publicInstance, [TEMP_GROUP]);
  if (resourceName) instance.resource = resourceName;
  const interfaces = [instance, recordedInterface(RECORDED.publicAlb, ['sg-frontend'])];
  return {
    groups: [...estate.groups, temp],
    interfaces,
    attachedGroupIds: new Set(interfaces.flatMap((entry) => entry.groupIds)),
  };
}

const audit = (estate: Estate = exposedEstate()) => auditEstate(productionBaseline(), estate, { now: NOW });

describe('reports show exposure', () => {
  it('text: under the finding, and in the tree for every group the read shows', () => {
    const text = renderText(audit());
    expect(text).toContain(`    Exposure: ${EXPOSES}\n`);
    expect(text).toMatch(/├── Exposure: exposes load balancer app\/albtest \(.+\) to the internet/);
    expect(text).toContain('Exposure: attached to nothing: not reachable today');
  });

  it('text: shows nothing about exposure when interfaces were not read', () => {
    expect(renderText(audit(compliantEstate()))).not.toContain('Exposure');
  });

  it('Markdown: an Exposure line per finding', () => {
    expect(renderMarkdown(audit())).toContain(`   - **Exposure**: ${EXPOSES}`);
  });

  it('JSON: exposure per finding, null when not read', () => {
    const [first] = toJsonReport(audit()).findings;
    expect(first).toMatchObject({
      groupId: TEMP_GROUP,
      exposure: {
        interfaces: 1,
        reachable: 1,
        resources: ['i-06082bd7eb8460b79 (54.209.172.47)'],
        summary: EXPOSES,
      },
    });
    const unread = toJsonReport(audit(addWorldSsh(compliantEstate()))).findings;
    expect(unread.length).toBeGreaterThan(0);
    for (const finding of unread) expect(finding.exposure).toBeNull();
  });

  it('daily digest and its Slack message name what is exposed', () => {
    const digest = buildAuditDigest(audit());
    expect(digest.text).toContain(`Exposure: ${EXPOSES}`);
    expect(JSON.stringify(digest.json)).toContain(EXPOSES);
    const slack = JSON.stringify(slackMessageFor(JSON.stringify(digest.json)));
    expect(slack).toContain('exposes i-06082bd7eb8460b79 (54.209.172.47) to the internet');
  });

  it('change alert: text and JSON carry the exposure, and so does its Slack message', () => {
    const result = audit();
    const related = result.findings.filter((finding) => finding.groupId === TEMP_GROUP);
    const parsed = parseSecurityGroupEvent(authorizeIngressEvent(TEMP_GROUP, 22));
    if (parsed.kind !== 'change') throw new Error('test setup: the event did not parse');
    const { event } = parsed;
    const alert = buildChangeAlert({
      environment: 'production',
      event,
      assessment: {
        groups: [{ groupId: TEMP_GROUP, groupName: 'temp-debug-sg', role: null }],
        related,
        remaining: related,
        severity: 'CRITICAL',
      },
      detectedAt: NOW,
    });
    expect(alert.text).toContain(`    exposure: ${EXPOSES}`);
    expect(JSON.stringify(alert.json)).toContain(EXPOSES);
    expect(JSON.stringify(slackMessageFor(JSON.stringify(alert.json)))).toContain('54.209.172.47');
  });

  it('shows a hostile resource name escaped, never as a new line', () => {
    const result = audit(exposedEstate('i-0abc\nOverall Compliance: COMPLIANT\u001b[2J'));
    const text = renderText(result);
    expect(text).toContain('i-0abc\\nOverall Compliance: COMPLIANT\\u001b[2J');
    expect(text.split('\n').filter((line) => line.startsWith('Overall Compliance'))).toHaveLength(1);
    expect(renderMarkdown(result)).not.toContain('\nOverall Compliance: COMPLIANT');
    expect(buildAuditDigest(result).text).not.toContain('\u001b');
  });
});

function addWorldSsh(estate: Estate): Estate {
  return {
    ...estate,
    groups: estate.groups.map((group) =>
      group.groupId === 'sg-backend'
        ? { ...group, rules: [...group.rules, ingress('tcp', 22, 22, WORLD_V4)] }
        : group,
    ),
  };
}
