import { createInMemoryReader } from '../../src/app/in-memory-reader';
import { readAndAssess } from '../../src/app/read-change';
import { RoleGroupDirectory } from '../../src/app/role-directory';
import { TimeBudgetError } from '../../src/errors';
import type { Estate } from '../../src/model/types';
import { changeEventOn, compliantEstate, NOW, productionBaseline } from '../rules/helpers';

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

describe('app: readAndAssess abandoned by the time budget', () => {
  it('leaves the role directory as it was, so the retry still reports the role that changed group', async () => {
    const baseline = productionBaseline();
    const before = compliantEstate(baseline);
    const directory = new RoleGroupDirectory(baseline);
    await readAndAssess(changeEventOn('sg-database'), createInMemoryReader(before), directory, baseline, NOW);
    expect(directory.previous().get('database')).toBe('sg-database');

    const after = createInMemoryReader(recreatedDatabase(before));
    const abandoned = AbortSignal.abort();
    await expect(
      readAndAssess(changeEventOn(RECREATED), after, directory, baseline, NOW, abandoned),
    ).rejects.toBeInstanceOf(TimeBudgetError);

    const retry = await readAndAssess(changeEventOn(RECREATED), after, directory, baseline, NOW);
    const switched = retry.assessment.related.filter((finding) => finding.check === 'ambiguous-roles');
    expect(switched).toHaveLength(1);
    expect(switched[0]?.message).toContain('now resolves to');
  });
});

describe('app: the role directory', () => {
  it('a refresh whose read fails is not a refresh: the next event reads the role groups again', async () => {
    const baseline = productionBaseline();
    const reader = createInMemoryReader(compliantEstate(baseline));
    const directory = new RoleGroupDirectory(baseline);
    await directory.refresh(reader, 0);
    let reads = 0;
    let failing = true;
    const describeGroupsByName = reader.describeGroupsByName.bind(reader);
    reader.describeGroupsByName = async (names) => {
      reads += 1;
      if (failing) throw Object.assign(new Error('throttled'), { name: 'RequestLimitExceeded' });
      return describeGroupsByName(names);
    };
    const later = 10 * 60 * 1000;
    await expect(directory.refreshIfStale(reader, later)).rejects.toThrow('throttled');
    failing = false;
    expect(await directory.refreshIfStale(reader, later + 1)).not.toEqual([]);
    expect(reads).toBe(2);
    // A completed refresh does stand for five minutes.
    expect(await directory.refreshIfStale(reader, later + 2)).toEqual([]);
    expect(reads).toBe(2);
  });
});
