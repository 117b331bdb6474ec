/**
 * An Environment tag with a space around its value is flagged by missing-tags (it is not the
 * environment's name). The tree and the finding show the value quoted, so they never read
 * "Environment=production, expected production".
 */
import { auditEstate } from '../../src/app/run-audit';
import { forEnvironment, parseBaseline } from '../../src/baseline/loader';
import { readSnapshot } from '../../src/model/snapshot';
import { renderText } from '../../src/report/text';

const NOW = new Date('2025-12-27T10:30:00Z');
const SNAPSHOT = {
  SecurityGroups: [
    {
      GroupId: 'sg-0a000000000000002',
      GroupName: 'quiet',
      Description: 'q',
      OwnerId: '123456789012',
      VpcId: 'vpc-0a1b2c3d',
      Tags: [
        { Key: 'Name', Value: 'quiet' },
        { Key: 'Environment', Value: 'production ' },
      ],
      IpPermissions: [],
      IpPermissionsEgress: [],
    },
  ],
};
const BASELINE = `
version: 1
name: t
requiredTags: [Name, Environment]
roles:
  quiet: { title: Quiet, risk: MEDIUM }
environments:
  production:
    roles:
      quiet: { groupName: quiet }
`;

it('report: a tag value that differs only by spaces is shown quoted, in the tree and the finding', () => {
  const baseline = forEnvironment(parseBaseline(BASELINE, 't.yml', { now: NOW }), 'production');
  const result = auditEstate(baseline, readSnapshot(SNAPSHOT, 's.json'), { now: NOW });
  const tagged = result.findings.filter((finding) => finding.check === 'missing-tags');
  expect(tagged).toHaveLength(1); // the check does flag it
  const line = renderText(result)
    .split('\n')
    .find((text) => text.includes('✗ missing-tags'));
  expect(line).toContain('Environment="production ", expected production');
  expect(tagged[0]?.message).toBe('quiet is tagged Environment="production ", expected production');
});
