import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS, checksById } from '../../src/rules/registry';

const NOT_CHECKS = new Set([
  'engine',
  'exceptions',
  'exposure-policy',
  'finding',
  'registry',
  'scope',
  'severity',
  'types',
]);

describe('check registry', () => {
  it('has one check per file in src/rules, its id equal to the file name', () => {
    const files = readdirSync(join(__dirname, '../../src/rules'))
      .map((file) => file.replace(/\.ts$/, ''))
      .filter((name) => !NOT_CHECKS.has(name))
      .sort();
    expect(CHECKS.map((check) => check.id).sort()).toEqual(files);
  });

  it('has no duplicate ids', () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every check a title, remediation and kebab-case id', () => {
    for (const check of CHECKS) {
      expect(check.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(check.title.length).toBeGreaterThan(5);
      expect(check.remediation.length).toBeGreaterThan(10);
    }
  });

  it('reports unknown ids instead of ignoring them', () => {
    expect(checksById(['missing-rules', 'nope']).unknown).toEqual(['nope']);
  });
});
