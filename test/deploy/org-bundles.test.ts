import * as path from 'node:path';
import { build } from 'esbuild';
import { ORG_PRODUCTION } from './combinations';
import { PACKAGE_TIMEOUT_MS, packageStack, REPO_ROOT } from './package-stack';
import { zipEntries } from './zip-entries';

const ORG_HANDLERS = ['org-audit-list', 'org-audit-item', 'org-audit-digest'];
const HALF_A_MEGABYTE = 512 * 1024;

describe('deploy: organization audit bundles', () => {
  it('carry neither yaml nor zod: the Lambdas read the compiled baseline and accounts map', async () => {
    const result = await build({
      entryPoints: ORG_HANDLERS.map((name) => path.join(REPO_ROOT, `src/handlers/${name}.ts`)),
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      outdir: path.join(REPO_ROOT, '.esbuild-org-bundles'),
      alias: { '@aws-sdk/credential-provider-node': path.join(REPO_ROOT, 'src/aws/lambda-credentials.ts') },
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('src/handlers/org-audit-item.ts'))).toBe(true);
    expect(inputs.filter((input) => /node_modules\/(zod|yaml)\//.test(input))).toEqual([]);
  });

  it(
    'ship both compiled files and stay small, the organization change function too',
    () => {
      const stack = packageStack(ORG_PRODUCTION);
      for (const fn of ['orgAuditList', 'orgAuditItem', 'orgAuditDigest', 'organizationChange']) {
        const entries = zipEntries(path.join(stack.dir, `${fn}.zip`));
        const names = entries.map((entry) => entry.name);
        expect({ fn, names }).toEqual({
          fn,
          names: expect.arrayContaining([
            'baselines/thebot.compiled.json',
            'baselines/accounts.compiled.json',
          ]),
        });
        const unzipped = entries.reduce((sum, entry) => sum + entry.size, 0);
        expect({ fn, small: unzipped <= HALF_A_MEGABYTE }).toEqual({ fn, small: true });
      }
    },
    PACKAGE_TIMEOUT_MS,
  );
});
