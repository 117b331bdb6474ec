// Real CloudTrail events copied from /work/shared/fixtures/cloudtrail; provenance in SOURCES.md there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_ROOT = join(__dirname, '..', 'fixtures', 'cloudtrail');

// Fixtures are JSON of unknown shape; tests edit copies of them freely.
// biome-ignore lint/suspicious/noExplicitAny: test data edited in place
export type EventJson = Record<string, any>;

/** A fresh copy of a fixture, e.g. `loadEvent('RevokeSecurityGroupIngress/….json')`. */
export function loadEvent(relativePath: string): EventJson {
  return JSON.parse(readFileSync(join(FIXTURE_ROOT, relativePath), 'utf8')) as EventJson;
}

/** Every fixture file, as paths relative to FIXTURE_ROOT. */
export function listFixtures(): string[] {
  return readdirSync(FIXTURE_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(FIXTURE_ROOT, dir.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => `${dir.name}/${file}`),
    )
    .sort();
}
