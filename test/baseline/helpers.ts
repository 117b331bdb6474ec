/** Shared by the example and generate tests: the bundled examples as estates. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RoleResolution } from '../../src/baseline/types';
import { ruleKey } from '../../src/model/rule-key';
import { readSnapshot } from '../../src/model/snapshot';
import type { Estate, Rule } from '../../src/model/types';

export const COMPLIANT_FILE = path.resolve(__dirname, '../../examples/production-compliant.json');
export const DRIFTED_FILE = path.resolve(__dirname, '../../examples/production-drifted.json');
export const SEED_ROLES = ['bastion', 'frontend', 'backend', 'database', 'redis', 'vpc-endpoints'];

/** The raw JSON of an example file. */
export function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** An example file read through the model's snapshot reader. */
export function readEstate(file: string): Estate {
  return readSnapshot(readJson(file), file);
}

/** Canonical keys of rules, sorted, to compare sets. */
export function keysOf(rules: ReadonlyArray<Rule | undefined>): string[] {
  return rules.map((rule) => (rule ? ruleKey(rule) : 'unresolved')).sort();
}

/** role → group name, from a resolution. */
export function groupNamesByRole(resolution: RoleResolution): Record<string, string> {
  return Object.fromEntries([...resolution.groupOfRole].map(([role, group]) => [role, group.groupName]));
}
