import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackMessageFor } from '../../src/notify/slack-blocks';
import { loadEvent } from '../events/load-event';
import { ELB_PAIR, OWNER, PEER_BASELINE_YAML, peerSnapshot } from '../report/peer-estate';
import { sgdrift } from './run';

const WEB = 'sg-0c0c000000000000c';

/** A real console AuthorizeSecurityGroupIngress, edited to open 7001 on web to a classic ELB's group. */
function elbEvent(): unknown {
  const event = loadEvent('AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json');
  event.detail.recipientAccountId = OWNER;
  event.detail.requestParameters = {
    groupId: WEB,
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: 7001,
          toPort: 7001,
          groups: {
            items: [{ groupId: ELB_PAIR.GroupId, groupName: ELB_PAIR.GroupName, userId: ELB_PAIR.UserId }],
          },
        },
      ],
    },
  };
  event.detail.responseElements = { _return: true };
  return event;
}

function files(): { event: string; snapshot: string; baseline: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sgdrift-peers-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return {
    event: write('event.json', JSON.stringify(elbEvent())),
    snapshot: write('snapshot.json', JSON.stringify(peerSnapshot())),
    baseline: write('baseline.yml', PEER_BASELINE_YAML),
  };
}

describe('alerts: a peer group of another account is named as such', () => {
  const elb = 'sg-843f59ed (amazon-elb-sg, account amazon-elb)';

  it('in the subject and the text of the change alert', async () => {
    const { event, snapshot, baseline } = files();
    const { code, stdout } = await sgdrift('replay', event, '-s', snapshot, '-b', baseline);
    expect(code).toBe(0);
    expect(stdout).toContain(`Subject: HIGH production web: 7001/tcp opened to ${elb} by`);
    expect(stdout).toContain(`  + ingress 7001/tcp from ${elb}`);
  });

  it('in the JSON of the alert and in the Slack message made from it', async () => {
    const { event, snapshot, baseline } = files();
    const { stdout } = await sgdrift('replay', event, '-s', snapshot, '-b', baseline, '--format', 'json');
    const { alert } = JSON.parse(stdout);
    expect(alert.changes[0].rule.peer).toEqual({
      kind: 'group',
      value: 'sg-843f59ed',
      account: 'amazon-elb',
      groupName: 'amazon-elb-sg',
    });
    const slack = JSON.stringify(slackMessageFor(JSON.stringify(alert)).blocks);
    expect(slack).toContain(`ingress 7001/tcp from ${elb}`);
  });
});
