// Builds the CLI bundle once, before any test file runs (workers run in parallel and must not race
// to write dist/), so the binary tests never run a stale build.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: join(__dirname, '..') });
};
