// Bundles the CLI into dist/cli/sgdrift.js (two levels deep, like src/cli, so baselines/ resolves the same) (run by `npm ci` through `prepare`): one file, fast start.
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const plugins = createRequire(import.meta.url)('../build/esbuild-plugins.cjs');

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/sgdrift.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  banner: { js: '#!/usr/bin/env node' },
  plugins,
  logLevel: 'warning',
});
chmodSync('dist/cli/sgdrift.js', 0o755);
