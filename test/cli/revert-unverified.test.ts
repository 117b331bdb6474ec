/**
 * `sgdrift revert --apply` whose verifying read fails: the rules were changed, but what AWS holds
 * now was not seen. That is exit 3 ("could not read live AWS"), never 0 ("applied"); found by review.
 * The EC2 adapters are replaced by the in-memory estate of the drifted example.
 */
import { join } from 'node:path';
import { createInMemoryReader } from '../../src/app/in-memory-reader';
import { createInMemoryRuleStore } from '../../src/app/in-memory-rules';
import { createEc2Reader } from '../../src/aws/ec2-reader';
import { createEc2Writer } from '../../src/aws/ec2-writer';
import { readSnapshotFile } from '../../src/cli/files';
import { sgdrift } from './run';

jest.mock('../../src/aws/ec2-reader', () => ({
  ...jest.requireActual('../../src/aws/ec2-reader'),
  createEc2Reader: jest.fn(),
}));
jest.mock('../../src/aws/ec2-writer', () => ({
  ...jest.requireActual('../../src/aws/ec2-writer'),
  createEc2Writer: jest.fn(),
}));

const DRIFTED = join(__dirname, '../../examples/production-drifted.json');

/** The drifted example as live AWS; rule reads after the first `good` ones fail as EC2 throttling. */
function liveAws(good: number) {
  const estate = readSnapshotFile(DRIFTED);
  const store = createInMemoryRuleStore(estate);
  let reads = 0;
  const throttled = Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
  (createEc2Reader as jest.Mock).mockReturnValue({
    ...createInMemoryReader(estate),
    describeGroupRules: (ids: string[]) => {
      reads += 1;
      return reads <= good ? store.describeGroupRules(ids) : Promise.reject(throttled);
    },
  });
  (createEc2Writer as jest.Mock).mockReturnValue(store);
}

describe('cli: sgdrift revert --apply against live AWS that stops answering', () => {
  it('applied and verified: exit 0', async () => {
    liveAws(Number.POSITIVE_INFINITY);
    const { code, stdout } = await sgdrift('revert', '-e', 'production', '--apply');
    expect(stdout).toMatch(/reverted [1-9]/);
    expect(stdout).not.toContain('not verified');
    expect(code).toBe(0);
  });

  it('applied, but the verifying read fails: exit 3, and the output says why', async () => {
    liveAws(1);
    const { code, stdout } = await sgdrift('revert', '-e', 'production', '--apply');
    expect(stdout).toMatch(/reverted [1-9]/);
    expect(stdout).toContain(
      'not verified by a read after (revert: could not read live AWS (RequestLimitExceeded: Request limit exceeded.))',
    );
    expect(code).toBe(3);
  });

  it('the plan’s rule read fails: exit 3 before anything is changed', async () => {
    liveAws(0);
    const { code, stdout, stderr } = await sgdrift('revert', '-e', 'production', '--apply');
    expect({ code, stdout }).toEqual({ code: 3, stdout: '' });
    expect(stderr.trim()).toBe(
      'sgdrift: revert: could not read live AWS (RequestLimitExceeded: Request limit exceeded.)',
    );
  });
});
