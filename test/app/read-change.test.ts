import { createInMemoryReader } from '../../src/app/in-memory-reader';
import { readAndAssess } from '../../src/app/read-change';
import { RoleGroupDirectory } from '../../src/app/role-directory';
import { TimeBudgetError } from '../../src/errors';
import type { ChangeEvent } from '../../src/events/types';
import type { Estate } from '../../src/model/types';
import { compliantEstate, NOW, productionBaseline } from '../rules/helpers';

const RECREATED = 'sg-0databa5e0000000a';

/** The database role's group deleted and created again under a new id (Terraform replace). */
function recreatedDatabase(estate: Estate): Estate {
  return {
    ...estate,
    groups: estate.groups.map((group) =>
      group.groupId === 'sg-database' ? { ...group, groupId: RECREATED } : group,
    ),
  };
}

function eventOn(groupId: string): ChangeEvent {
  return {
    eventId: 'evt-1',
    eventName: 'AuthorizeSecurityGroupIngress',
    eventTime: NOW.toISOString(),
    region: 'eu-west-1',
    account: '123456789012',
    actor: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/alice',
      principalArn: 'arn:aws:iam::123456789012:user/alice',
      accountId: '123456789012',
      userName: 'alice',
      sessionName: null,
      invokedBy: null,
      sourceIp: '198.51.100.23',
      userAgent: 'aws-cli/2',
      viaConsole: false,
    },
    groupIds: [groupId],
    groupNames: [],
    changes: [],
  };
}

describe('app: readAndAssess abandoned by the time budget', () => {
  it('leaves the role directory as it was, so the retry still reports the role that changed group', async () => {
    const baseline = productionBaseline();
    const before = compliantEstate(baseline);
    const directory = new RoleGroupDirectory(baseline);
    await readAndAssess(eventOn('sg-database'), createInMemoryReader(before), directory, baseline, NOW);
    expect(directory.previous().get('database')).toBe('sg-database');

    const after = createInMemoryReader(recreatedDatabase(before));
    const abandoned = AbortSignal.abort();
    await expect(
      readAndAssess(eventOn(RECREATED), after, directory, baseline, NOW, abandoned),
    ).rejects.toBeInstanceOf(TimeBudgetError);

    const retry = await readAndAssess(eventOn(RECREATED), after, directory, baseline, NOW);
    const switched = retry.assessment.related.filter((finding) => finding.check === 'ambiguous-roles');
    expect(switched).toHaveLength(1);
    expect(switched[0]?.message).toContain('now resolves to');
  });
});
