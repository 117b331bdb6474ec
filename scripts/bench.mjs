// `npm run bench`: bundles the benchmark and the change handler (with the deployment's esbuild
// options: minified, SDK bundled, module-first) and runs the benchmark in a fresh process.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// The plugins serverless.yml bundles the functions with.
const plugins = createRequire(import.meta.url)('../build/esbuild-plugins.cjs');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins,
};
await build({
  ...common,
  entryPoints: ['src/bench/main.ts'],
  outfile: 'dist/bench/main.js',
  target: 'node20',
});
await build({
  ...common,
  entryPoints: ['src/handlers/security-group-change.ts'],
  outfile: 'dist/bench/security-group-change.js',
  // As serverless.yml bundles it: Lambda's credentials come from the environment only.
  alias: { '@aws-sdk/credential-provider-node': './src/aws/lambda-credentials.ts' },
  target: 'node20',
  minify: true,
});
execFileSync(process.execPath, ['dist/bench/main.js'], { stdio: 'inherit' });
