/**
 * Slack for an attachment alert (RunInstances, ModifyNetworkInterfaceAttribute…) and for a call that
 * named a group without its id: the email says which instances and interfaces now carry which
 * groups, and which named group no longer exists; Slack used to show neither.
 */
import { assessChange } from '../../src/app/assess-change';
import { auditEstate } from '../../src/app/run-audit';
import { buildChangeAlert } from '../../src/notify/change-alert';
import { type SlackMessage, slackMessageFor } from '../../src/notify/slack-blocks';
import { changeEventOn, compliantEstate, NOW, productionBaseline } from '../rules/helpers';

function texts(message: SlackMessage): string[] {
  return (message.blocks ?? []).flatMap((block) =>
    block.type === 'section' ? [block.text?.text ?? ''] : block.type === 'header' ? [block.text.text] : [],
  );
}

function slackOf(event: ReturnType<typeof changeEventOn>) {
  const baseline = productionBaseline();
  const estate = compliantEstate(baseline);
  const audit = auditEstate(baseline, estate, { now: NOW });
  const assessment = assessChange(event, audit, new Set(event.groupIds), new Map());
  const alert = buildChangeAlert({ environment: 'production', event, assessment, detectedAt: NOW });
  return slackMessageFor(JSON.stringify(alert.json));
}

describe('notify: Slack blocks for an attachment alert', () => {
  const baseline = productionBaseline();
  const database = compliantEstate(baseline).groups.find((group) => group.groupName === 'thebot-database-sg');
  const databaseId = database?.groupId as string;

  it('lists each instance and interface with the groups it carries, named, hostile ids escaped', () => {
    const event = {
      ...changeEventOn(databaseId, [], 'RunInstances'),
      attachments: [
        { interfaceId: 'eni-0a', instanceId: 'i-0a', groupIds: [databaseId, 'sg-0unknown'] },
        { interfaceId: null, instanceId: 'i-<!channel>`x', groupIds: [] },
      ],
    };
    const lines = texts(slackOf(event)).join('\n').split('\n');
    expect(lines).toContain(
      `*Attached:* \`i-0a eni-0a\` carries \`thebot-database-sg\` (${databaseId}), sg-0unknown`,
    );
    // A backquote cannot close the code span early; <!channel> is escaped, not a mention.
    expect(lines).toContain(
      "*Attached:* `i-&lt;!channel&gt;'x` carries _no group that could be read (interface gone)_",
    );
    expect(JSON.stringify(slackOf(event))).not.toContain('<!channel>');
  });

  it('says how many more interfaces there are past the first five', () => {
    const attachments = Array.from({ length: 8 }, (_, index) => ({
      interfaceId: `eni-${index}`,
      instanceId: `i-${index}`,
      groupIds: [databaseId],
    }));
    const event = { ...changeEventOn(databaseId, [], 'RunInstances'), attachments };
    const lines = texts(slackOf(event)).join('\n').split('\n');
    expect(lines.filter((line) => line.startsWith('*Attached:*'))).toHaveLength(5);
    expect(lines).toContain('… and 3 more interfaces');
  });

  it('names a group the call named without an id when no such group exists now, in the header too', () => {
    const event = {
      ...changeEventOn('sg-0gone', [], 'DeleteSecurityGroup'),
      groupIds: [],
      groupNames: ['old-<!here>-sg'],
    };
    const message = slackOf(event);
    const all = texts(message).join('\n');
    expect(all).toContain('*Named in the call:* `old-&lt;!here&gt;-sg` (no id; no such group now)');
    expect(texts(message)[0]).toContain('old-<!here>-sg changed'); // the header is plain text
    expect(JSON.stringify(message.blocks?.slice(1))).not.toContain('<!here>');
  });
});
