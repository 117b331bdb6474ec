import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { auditEstate } from '../../src/app/run-audit';
import { readSnapshot } from '../../src/model/snapshot';
import { NOW, productionBaseline } from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: raw describe-security-groups JSON, shuffled freely
type Raw = any;
const COMPLIANT: Raw = JSON.parse(
  readFileSync(join(__dirname, '../../examples/production-compliant.json'), 'utf8'),
);
const PEER_LISTS = ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs'] as const;

/** The snapshot with groups, permissions, peer lists and tags reordered by `random`. */
function reorder(raw: Raw, random: () => number): Raw {
  const shuffle = <T>(items: T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };
  const permissions = (list: Raw[] = []) =>
    shuffle(
      list.map((permission) =>
        Object.fromEntries(
          Object.entries(permission).map(([key, value]) => [
            key,
            (PEER_LISTS as readonly string[]).includes(key) ? shuffle(value as Raw[]) : value,
          ]),
        ),
      ),
    );
  return {
    ...raw,
    SecurityGroups: shuffle(raw.SecurityGroups).map((group: Raw) => ({
      ...group,
      Tags: shuffle(group.Tags ?? []),
      IpPermissions: permissions(group.IpPermissions),
      IpPermissionsEgress: permissions(group.IpPermissionsEgress),
    })),
    NetworkInterfaces: shuffle(raw.NetworkInterfaces),
  };
}

describe('property: the compliant estate', () => {
  const baseline = productionBaseline();

  it('stays compliant under any reordering of its groups, rules, ranges and tags', () => {
    fc.assert(
      fc.property(fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })), (stream) => {
        const iterator = stream[Symbol.iterator]();
        const estate = readSnapshot(
          reorder(COMPLIANT, () => iterator.next().value as number),
          'shuffled',
        );
        const result = auditEstate(baseline, estate, { now: NOW });
        expect(result.findings).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('is not compliant once any one of its baseline rules is dropped (the property above can fail)', () => {
    // Groups with at least one permission to drop (all six role groups have inbound rules).
    const groups = COMPLIANT.SecurityGroups.filter((group: Raw) => group.IpPermissions.length > 0);
    expect(groups).toHaveLength(6);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: groups.length - 1 }), (index) => {
        const raw = structuredClone(COMPLIANT);
        const group = raw.SecurityGroups.find(
          (candidate: Raw) => candidate.GroupId === groups[index].GroupId,
        );
        group.IpPermissions.pop();
        const result = auditEstate(baseline, readSnapshot(raw, 'dropped'), { now: NOW });
        expect(result.findings.map((finding) => finding.check)).toContain('missing-rules');
      }),
      { numRuns: 20 },
    );
  });
});
