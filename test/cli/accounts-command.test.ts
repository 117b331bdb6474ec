import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sgdrift } from './run';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'sgdrift-accounts-cli-'));

describe('sgdrift accounts compile', () => {
  it('writes the compiled map the Lambdas read, to stdout or --output', async () => {
    const map = join(ROOT, 'baselines/accounts.yml');
    const printed = await sgdrift('accounts', 'compile', map);
    expect(printed.code).toBe(0);
    const output = join(dir, 'accounts.compiled.json');
    const written = await sgdrift('accounts', 'compile', map, '--output', output);
    expect(written).toMatchObject({ code: 0, stderr: `wrote ${output}\n` });
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(JSON.parse(printed.stdout));
    expect(JSON.parse(printed.stdout).format).toBe('sg-drift-monitor/compiled-accounts@1');
  });

  it('refuses an environment the baseline lacks: one line, exit 2, nothing written', async () => {
    const map = join(dir, 'bad.yml');
    writeFileSync(
      map,
      'version: 1\naccounts:\n  - id: "222222222222"\n    environment: qa\n    regions: [eu-west-1]\n',
    );
    const { code, stdout, stderr } = await sgdrift('accounts', 'compile', map);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/bad\.yml.*unknown environment 'qa'/)]);
  });

  it('knows only compile: one line, exit 2', async () => {
    expect(await sgdrift('accounts', 'validate')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "sgdrift: accounts: expected 'compile', got 'validate'\n",
    });
  });

  it('refuses the compiled baseline, naming it: the map is checked against the YAML environments', async () => {
    const map = join(ROOT, 'baselines/accounts.yml');
    expect(
      await sgdrift('accounts', 'compile', map, '--baseline', 'baselines/thebot.compiled.json'),
    ).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'sgdrift: accounts compile: baselines/thebot.compiled.json: needs the YAML baseline (its environments)\n',
    });
  });
});
