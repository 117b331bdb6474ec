import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileBaseline, loadCompiledBaseline } from '../../src/baseline/compiled';
import { DEFAULT_BASELINE_FILE, DEFAULT_COMPILED_BASELINE_FILE } from '../../src/baseline/files';
import { loadBaselineFile, loadEnvironmentBaseline } from '../../src/baseline/loader';
import { BaselineError } from '../../src/errors';

describe('baseline: compiled for the Lambdas', () => {
  it('is committed in step with baselines/thebot.yml (run npm run baseline:compile after editing it)', () => {
    const fresh = compileBaseline(loadBaselineFile(DEFAULT_BASELINE_FILE), 'baselines/thebot.yml');
    expect(readFileSync(DEFAULT_COMPILED_BASELINE_FILE, 'utf8')).toBe(fresh);
  });

  it('resolves an environment exactly as the YAML loader does', () => {
    const { source: _yaml, ...fromYaml } = loadEnvironmentBaseline(DEFAULT_BASELINE_FILE, 'staging');
    const { source, ...fromJson } = loadCompiledBaseline(DEFAULT_COMPILED_BASELINE_FILE, 'staging');
    expect(fromJson).toEqual(fromYaml);
    expect(source).toBe(DEFAULT_COMPILED_BASELINE_FILE);
  });

  it('refuses a file that is not a compiled baseline, in one line naming it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-')), 'baseline.json');
    writeFileSync(file, JSON.stringify({ version: 1 }));
    expect(() => loadCompiledBaseline(file, 'production')).toThrow(BaselineError);
    expect(() => loadCompiledBaseline(file, 'production')).toThrow(`${file}: format: expected`);
  });

  it('refuses truncated JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-')), 'baseline.json');
    writeFileSync(file, '{"format":');
    expect(() => loadCompiledBaseline(file, 'production')).toThrow(/cannot read the compiled baseline/);
  });
});
