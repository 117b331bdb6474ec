/**
 * The calls that attach groups, parsed from the real records of test/fixtures/attachments (and the
 * two constructed Modify* records, see its SOURCES.md): which interfaces and instances each names,
 * and the groups they carry after it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSecurityGroupEvent } from '../../src/events/parse';
import type { GroupAttachment } from '../../src/events/types';
import { attachmentRecord, inEnvelope } from '../support/events';

const DATABASE = 'sg-0a1b2c3d4e5f60004';
const UNKNOWN = 'sg-0f1e2d3c4b5a60077';

interface Expected {
  eventName: string;
  groupIds: string[];
  attachments: GroupAttachment[];
  principal: string;
}

const CHANGES: Record<string, Expected> = {
  'cloudryer-lookupevents-runinstances-iamuser-console-nis-groupset.json': {
    eventName: 'RunInstances',
    groupIds: ['sg-04bd74569fe50fdb5'],
    attachments: [
      {
        interfaceId: 'eni-0e2047025f1642a88',
        instanceId: 'i-08b3f8f7dcc08d7e4',
        groupIds: ['sg-04bd74569fe50fdb5'],
      },
    ],
    principal: 'arn:aws:iam::450502852875:user/ziv',
  },
  'cloudryer-lookupevents-runinstances-iamuser-instance-later-gets-second-eni.json': {
    eventName: 'RunInstances',
    groupIds: ['sg-04bd74569fe50fdb5'],
    attachments: [
      {
        interfaceId: 'eni-0de5f5ec51b747a14',
        instanceId: 'i-0f3fbbbc0298d1a86',
        groupIds: ['sg-04bd74569fe50fdb5'],
      },
    ],
    principal: 'arn:aws:iam::450502852875:user/ziv',
  },
  // The request names no group (the launch template has them): only the response says which.
  'panther-runinstances-autoscaling-launchtemplate-response-groupset-only.json': {
    eventName: 'RunInstances',
    groupIds: ['sg-03d704b35372e74e8'],
    attachments: [
      {
        interfaceId: 'eni-03ac9043f76fab96c',
        instanceId: 'i-07d06021b0da55115',
        groupIds: ['sg-03d704b35372e74e8'],
      },
    ],
    principal:
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
  },
  'panther-runinstances-console-org-trail-nis-groupset.json': {
    eventName: 'RunInstances',
    groupIds: ['sg-0aebfa21f302bded9'],
    attachments: [
      {
        interfaceId: 'eni-08b298299ee7c922c',
        instanceId: 'i-0d7e4b9be8a0de6ea',
        groupIds: ['sg-0aebfa21f302bded9'],
      },
    ],
    principal: 'arn:aws:iam::123123123123:role/DevAdministrator',
  },
  // No group in the event at all: the change path reads the interface.
  'cloudryer-lookupevents-attachnetworkinterface-root-console.json': {
    eventName: 'AttachNetworkInterface',
    groupIds: [],
    attachments: [{ interfaceId: 'eni-0a9c4b60624c0e41d', instanceId: 'i-0f3fbbbc0298d1a86', groupIds: [] }],
    principal: 'arn:aws:iam::450502852875:root',
  },
  'constructed-modifynetworkinterfaceattribute-groupset-cli.json': {
    eventName: 'ModifyNetworkInterfaceAttribute',
    groupIds: [DATABASE, UNKNOWN],
    attachments: [{ interfaceId: 'eni-0a1b2c3d4e5f60099', instanceId: null, groupIds: [DATABASE, UNKNOWN] }],
    principal: 'arn:aws:iam::123456789012:user/alice',
  },
  'constructed-modifyinstanceattribute-groupset-cli.json': {
    eventName: 'ModifyInstanceAttribute',
    groupIds: [DATABASE],
    attachments: [{ interfaceId: null, instanceId: 'i-0a1b2c3d4e5f60099', groupIds: [DATABASE] }],
    principal: 'arn:aws:iam::123456789012:user/alice',
  },
};

/** Calls that changed nothing: a dry run and a refused launch. */
const NOTHING_CHANGED: Record<string, string> = {
  'panther-runinstances-eks-nodegroup-dryrun-error-launchtemplate.json': 'Client.DryRunOperation',
  'panther-stratus-runinstances-unauthorized-error-response-null.json': 'Client.UnauthorizedOperation',
};

describe('events: attachment calls on real records', () => {
  it('covers every CloudTrail record of the attachments fixtures', () => {
    const records = readdirSync(join(__dirname, '../fixtures/attachments'))
      .filter((file) => file.endsWith('.json'))
      .filter((file) => 'eventName' in attachmentRecord(file));
    expect(records.sort()).toEqual([...Object.keys(CHANGES), ...Object.keys(NOTHING_CHANGED)].sort());
  });

  it.each(Object.entries(CHANGES))('%s: names its interfaces, instances and groups', (file, expected) => {
    const outcome = parseSecurityGroupEvent(inEnvelope(attachmentRecord(file)));
    if (outcome.kind !== 'change') throw new Error(`not a change: ${JSON.stringify(outcome)}`);
    expect(outcome.event).toMatchObject({
      eventName: expected.eventName,
      groupIds: expected.groupIds,
      groupNames: [],
      changes: [],
      attachments: expected.attachments,
    });
    expect(outcome.event.actor.principalArn).toBe(expected.principal);
  });

  it.each(Object.entries(NOTHING_CHANGED))(
    '%s: a call that changed nothing is skipped',
    (file, errorCode) => {
      expect(parseSecurityGroupEvent(inEnvelope(attachmentRecord(file)))).toMatchObject({
        kind: 'skipped',
        reason: 'failed-call',
        eventName: 'RunInstances',
        errorCode,
      });
    },
  );

  it('a ModifyInstanceAttribute of another attribute is not a group change', () => {
    const record = attachmentRecord('constructed-modifyinstanceattribute-groupset-cli.json');
    record.requestParameters = { instanceId: 'i-0a1b2c3d4e5f60099', instanceType: { value: 'm5.large' } };
    expect(parseSecurityGroupEvent(inEnvelope(record))).toMatchObject({
      kind: 'skipped',
      reason: 'no-group-change',
    });
  });

  it.each([
    [
      'a group list spelled another way',
      { securityGroupIdSet: { items: [{ value: 'sg-0a1b2c3d4e5f60004' }] } },
    ],
    ['an empty groupSet', { groupSet: {} }],
  ])(
    'a ModifyInstanceAttribute naming groups in a shape it does not read (%s) is unparseable, never dropped',
    (_, parameters) => {
      const record = attachmentRecord('constructed-modifyinstanceattribute-groupset-cli.json');
      record.requestParameters = { instanceId: 'i-0a1b2c3d4e5f60099', ...parameters };
      expect(parseSecurityGroupEvent(inEnvelope(record))).toEqual({
        kind: 'unparseable',
        reason: 'ModifyInstanceAttribute: its request names groups in a shape this reader does not know',
      });
    },
  );

  it('a ModifyNetworkInterfaceAttribute of the description is not a group change', () => {
    const record = attachmentRecord('constructed-modifynetworkinterfaceattribute-groupset-cli.json');
    record.requestParameters = { networkInterfaceId: 'eni-0a1b2c3d4e5f60099', description: { value: 'db' } };
    expect(parseSecurityGroupEvent(inEnvelope(record))).toMatchObject({ reason: 'no-group-change' });
  });

  it('RunInstances with top-level groups and no response names the groups alone', () => {
    const record = attachmentRecord('panther-runinstances-console-org-trail-nis-groupset.json');
    delete record.requestParameters.networkInterfaceSet;
    record.requestParameters.groupSet = { items: [{ groupId: DATABASE }] };
    record.responseElements = null;
    const outcome = parseSecurityGroupEvent(inEnvelope(record));
    expect(outcome).toMatchObject({
      kind: 'change',
      event: {
        groupIds: [DATABASE],
        attachments: [{ interfaceId: null, instanceId: null, groupIds: [DATABASE] }],
      },
    });
  });

  it('CreateNetworkInterface: the new interface and the groups AWS applied (the default when none asked)', () => {
    const record = attachmentRecord('constructed-modifynetworkinterfaceattribute-groupset-cli.json');
    record.eventName = 'CreateNetworkInterface';
    record.requestParameters = { subnetId: 'subnet-0a1b2c3d4e5f60001', description: 'debug' };
    record.responseElements = {
      requestId: 'c1f0e9d8-7b6a-4c5d-9e3f-2a1b0c9d8e7f',
      networkInterface: {
        networkInterfaceId: 'eni-0feedfacecafe0001',
        groupSet: { items: [{ groupId: 'sg-0a1b2c3d4e5f60000', groupName: 'default' }] },
      },
    };
    expect(parseSecurityGroupEvent(inEnvelope(record))).toMatchObject({
      kind: 'change',
      event: {
        groupIds: ['sg-0a1b2c3d4e5f60000'],
        attachments: [
          { interfaceId: 'eni-0feedfacecafe0001', instanceId: null, groupIds: ['sg-0a1b2c3d4e5f60000'] },
        ],
      },
    });
  });

  it('an attachment call that names nothing at all is unparseable', () => {
    const record = attachmentRecord('cloudryer-lookupevents-attachnetworkinterface-root-console.json');
    record.requestParameters = {};
    expect(parseSecurityGroupEvent(inEnvelope(record))).toMatchObject({ kind: 'unparseable' });
  });
});
