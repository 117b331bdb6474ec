/**
 * Slack for an attachment alert (RunInstances, ModifyNetworkInterfaceAttribute…) and for a call that
 * named a group without its id: the email says which instances and interfaces now carry which
 * groups, and which named group no longer exists; Slack used to show neither.
 */
import { assessChange } from '../../src/app/assess-change';
import { auditEstate } from '../../src/app/run-audit';
import type { SecurityGroup } from '../../src/model/types';
import { buildChangeAlert } from '../../src/notify/change-alert';
import { type SlackMessage, slackMessageFor } from '../../src/notify/slack-blocks';
import { changeEventOn, compliantEstate, NOW, productionBaseline, VPC_ID } from '../rules/helpers';

function texts(message: SlackMessage): string[] {
  return (message.blocks ?? []).flatMap((block) =>
    block.type === 'section' ? [block.text?.text ?? ''] : block.type === 'header' ? [block.text.text] : [],
  );
}

function slackOf(event: ReturnType<typeof changeEventOn>, extraGroups: SecurityGroup[] = []) {
  const baseline = productionBaseline();
  const compliant = compliantEstate(baseline);
  const estate = { ...compliant, groups: [...compliant.groups, ...extraGroups] };
  const audit = auditEstate(baseline, estate, { now: NOW });
  const attached = (event.attachments ?? []).flatMap((attachment) => attachment.groupIds);
  const assessment = assessChange(event, audit, new Set([...event.groupIds, ...attached]), new Map());
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
      `*Attached:* \`i-0a\` \`eni-0a\` carries \`thebot-database-sg\` (\`${databaseId}\`), \`sg-0unknown\``,
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

  it('shows a group id from the event inert: no bold, no strike, no code span opened (found by review)', () => {
    const event = {
      ...changeEventOn(databaseId, [], 'ModifyNetworkInterfaceAttribute'),
      attachments: [
        {
          interfaceId: 'eni-0a',
          instanceId: null,
          groupIds: ['*ALL CLEAR - approved by secops*', '~sg-0rogue~', 'sg-x`', databaseId],
        },
      ],
    };
    const line = texts(slackOf(event))
      .join('\n')
      .split('\n')
      .find((candidate) => candidate.startsWith('*Attached:*'));
    expect(line).toBe(
      `*Attached:* \`eni-0a\` carries \`*ALL CLEAR - approved by secops*\`, \`~sg-0rogue~\`, \`sg-x'\`, \`thebot-database-sg\` (\`${databaseId}\`)`,
    );
  });

  it('counts every interface it does not show, whatever the length of the names (found by review)', () => {
    // Five groups of 255-character names (AWS's most) on each of seven interfaces, and one interface
    // carrying twelve groups: the lines are cut and counted, never dropped by Slack's section limit.
    const rogue: SecurityGroup[] = Array.from({ length: 12 }, (_, index) => ({
      groupId: `sg-0e7100000000000${index.toString(16).padStart(2, '0')}`,
      groupName: `${'&'.repeat(250)}-${index}`,
      vpcId: VPC_ID,
      tags: {},
      rules: [],
    }));
    const attachments = Array.from({ length: 7 }, (_, index) => ({
      interfaceId: `eni-0${index}`,
      instanceId: `i-0${index}`,
      groupIds: (index === 0 ? rogue : rogue.slice(0, 5)).map((group) => group.groupId),
    }));
    const message = slackOf({ ...changeEventOn(databaseId, [], 'RunInstances'), attachments }, rogue);
    const sections = (message.blocks ?? []).flatMap((block) =>
      block.type === 'section' ? [block.text?.text ?? ''] : [],
    );
    for (const text of sections) expect(text.length).toBeLessThanOrEqual(3000);
    const lines = sections.join('\n').split('\n');
    const shown = lines.filter((line) => line.startsWith('*Attached:*'));
    const more = Number(lines.find((line) => / more interfaces$/.test(line))?.match(/\d+/)?.[0] ?? 0);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length + more).toBe(7);
    expect(shown[0]).toContain('and 7 more groups');
  });

  it('lists at most five names the call gave without an id, then how many more', () => {
    const names = Array.from({ length: 8 }, (_, index) => `gone-${index}-${'n'.repeat(250)}`);
    const event = {
      ...changeEventOn('sg-0gone', [], 'DeleteSecurityGroup'),
      groupIds: [],
      groupNames: names,
    };
    const lines = texts(slackOf(event)).join('\n').split('\n');
    expect(lines.filter((line) => line.startsWith('*Named in the call:*'))).toHaveLength(5);
    expect(lines).toContain('… and 3 more names');
  });
});
