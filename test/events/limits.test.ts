import { parseSecurityGroupEvent } from '../../src/events/parse';
import { MAX_LIST_ITEMS, MAX_TEXT_LENGTH } from '../../src/events/read';
import type { ChangeEvent, ParseOutcome } from '../../src/events/types';
import { loadEvent } from './load-event';

const SDK_INGRESS = 'AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json';
const HUGE = 'x'.repeat(100_000);

function changeEvent(outcome: ParseOutcome): ChangeEvent {
  if (outcome.kind !== 'change') throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

describe('events: hostile sizes are bounded', () => {
  it('a huge rule description is cut', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.requestParameters.ipPermissions.items[0].ipRanges.items[0].description = HUGE;

    const description = changeEvent(parseSecurityGroupEvent(event)).changes[0]?.rule?.description;

    expect(description).toHaveLength(MAX_TEXT_LENGTH);
  });

  it('a huge session name, user agent and error code are cut', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.userIdentity.arn = `arn:aws:sts::112233445566:assumed-role/Operator/${HUGE}`;
    event.detail.userAgent = HUGE;

    const actor = changeEvent(parseSecurityGroupEvent(event)).actor;
    expect(actor.arn?.length).toBe(MAX_TEXT_LENGTH);
    expect(actor.userAgent?.length).toBe(MAX_TEXT_LENGTH);
    expect(actor.sessionName?.length).toBeLessThan(MAX_TEXT_LENGTH);

    event.detail.errorCode = HUGE;
    expect(parseSecurityGroupEvent(event)).toMatchObject({ errorCode: 'x'.repeat(MAX_TEXT_LENGTH) });
  });

  it('a list longer than MAX_LIST_ITEMS is read up to the limit', () => {
    const event = loadEvent(SDK_INGRESS);
    const permission = event.detail.requestParameters.ipPermissions.items[0];
    permission.ipRanges.items = Array.from({ length: MAX_LIST_ITEMS * 3 }, (_, i) => ({
      cidrIp: `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
    }));

    expect(changeEvent(parseSecurityGroupEvent(event)).changes).toHaveLength(MAX_LIST_ITEMS);
  });
});
