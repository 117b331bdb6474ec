import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');
/** The CLI bundle, built from the current sources by test/global-setup.js before the tests run. */
export const BIN = join(ROOT, 'dist/cli/sgdrift.js');
