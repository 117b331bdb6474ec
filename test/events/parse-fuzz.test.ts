import fc from 'fast-check';
import { parseSecurityGroupEvent } from '../../src/events/parse';
import { MAX_TEXT_LENGTH } from '../../src/events/read';
import type { ParseOutcome } from '../../src/events/types';
import { type EventJson, listFixtures, loadEvent } from './load-event';

const REAL_EVENTS = listFixtures().map(loadEvent);
const KINDS = ['change', 'skipped', 'unparseable'];

type Path = (string | number)[];

/** Every path to a value inside the event, the root excluded. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...paths(child, path)];
  });
}

/** Deletes or replaces the value at `path` in place. */
function mutate(root: EventJson, path: Path, replacement: { value: unknown } | null): void {
  let parent: EventJson = root;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1] as string | number;
  if (replacement === null) delete parent[last];
  // A copy, so that no generated value is shared (and so made cyclic) by two edits.
  else parent[last] = structuredClone(replacement.value);
}

/** The contract: one of three kinds, never a crash, and bounded strings inside a change. */
function expectWellFormed(outcome: ParseOutcome): void {
  expect(KINDS).toContain(outcome.kind);
  if (outcome.kind === 'unparseable') expect(outcome.reason).not.toMatch(/^internal error/);
  if (outcome.kind === 'change') {
    JSON.stringify(outcome.event, (_key, value) => {
      if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
      return value;
    });
  }
}

const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, [], {}, '', ' ', -1, 65536, '-1', 'x'.repeat(5000), { items: null }, { items: {} }),
);

describe('events: fuzz (fast-check)', () => {
  it('arbitrary JSON never throws and yields one of the three kinds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        expectWellFormed(parseSecurityGroupEvent(input));
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary JSON under a CloudTrail EC2 envelope never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (detail) => {
        expectWellFormed(
          parseSecurityGroupEvent({
            'detail-type': 'AWS API Call via CloudTrail',
            source: 'aws.ec2',
            detail,
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('real events with random fields deleted or replaced never throw', () => {
    const mutation = fc.record({
      at: fc.nat(),
      replacement: fc.option(fc.record({ value: hostileValue }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.nat({ max: REAL_EVENTS.length - 1 }),
        fc.array(mutation, { maxLength: 6 }),
        (index, edits) => {
          const event = structuredClone(REAL_EVENTS[index] as EventJson);
          for (const edit of edits) {
            const candidates = paths(event);
            if (candidates.length === 0) break;
            mutate(event, candidates[edit.at % candidates.length] as Path, edit.replacement);
          }
          expectWellFormed(parseSecurityGroupEvent(event));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
