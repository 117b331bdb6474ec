import { parseSecurityGroupEvent } from '../../src/events/parse';
import { loadEvent } from './load-event';

const SDK_INGRESS = 'AuthorizeSecurityGroupIngress/panther-go-sdk-ssh-open-world.json';

describe('events: envelopes that are not security-group changes', () => {
  it.each([
    ['null', null],
    ['an array', [loadEvent(SDK_INGRESS)]],
    ['a string', 'AuthorizeSecurityGroupIngress'],
    ['a number', 42],
    ['undefined', undefined],
  ])('%s is unparseable', (_name, input) => {
    expect(parseSecurityGroupEvent(input)).toMatchObject({ kind: 'unparseable' });
  });

  it('an object without detail-type/source is unparseable', () => {
    const event = loadEvent(SDK_INGRESS);
    delete event['detail-type'];
    expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'unparseable' });
  });

  it('detail-type of the wrong type is unparseable', () => {
    const event = loadEvent(SDK_INGRESS);
    event['detail-type'] = ['AWS API Call via CloudTrail'];
    expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'unparseable' });
  });

  it('another service’s CloudTrail event is skipped, naming it', () => {
    const event = loadEvent(SDK_INGRESS);
    event.source = 'aws.s3';
    event.detail.eventSource = 's3.amazonaws.com';
    event.detail.eventName = 'PutBucketPolicy';

    expect(parseSecurityGroupEvent(event)).toEqual({
      kind: 'skipped',
      reason: 'not-security-group-event',
      eventId: '42155429-7e8e-43b5-9b5e-6953f80d51d5',
      eventName: 'PutBucketPolicy',
      errorCode: null,
    });
  });

  it('an EC2 call that neither changes groups nor attaches them is skipped', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.eventName = 'StopInstances';
    expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'skipped', eventName: 'StopInstances' });
  });

  it('an event source other than ec2.amazonaws.com is skipped', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail.eventSource = 'iam.amazonaws.com';
    expect(parseSecurityGroupEvent(event)).toMatchObject({
      kind: 'skipped',
      reason: 'not-security-group-event',
    });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'event name %s (a prototype key) is skipped, not looked up on the prototype',
    (eventName) => {
      const event = loadEvent(SDK_INGRESS);
      event.detail.eventName = eventName;
      expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'skipped', eventName });
    },
  );

  it('a detail that is not an object is unparseable', () => {
    const event = loadEvent(SDK_INGRESS);
    event.detail = 'AuthorizeSecurityGroupIngress';
    expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'unparseable' });
  });

  it.each([
    ['eventName', undefined],
    ['eventName', 7],
    ['eventID', undefined],
    ['eventID', ''],
    ['eventTime', 'yesterday'],
  ])('detail.%s = %p is unparseable', (key, value) => {
    const event = loadEvent(SDK_INGRESS);
    event.detail[key] = value;
    if (key === 'eventTime') event.time = value;
    expect(parseSecurityGroupEvent(event)).toMatchObject({ kind: 'unparseable' });
  });

  it('a missing detail.eventTime falls back to the envelope time', () => {
    const event = loadEvent(SDK_INGRESS);
    delete event.detail.eventTime;
    expect(parseSecurityGroupEvent(event)).toMatchObject({
      kind: 'change',
      event: { eventTime: event.time },
    });
  });

  it('a call naming no group at all is unparseable', () => {
    const event = loadEvent(SDK_INGRESS);
    delete event.detail.requestParameters.groupId;
    expect(parseSecurityGroupEvent(event)).toEqual({
      kind: 'unparseable',
      reason: 'AuthorizeSecurityGroupIngress names no security group id or name',
    });
  });
});
