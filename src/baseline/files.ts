import path from 'node:path';

/** The bundled baseline of the seed's six groups (resolved from src/baseline or dist/cli alike). */
export const DEFAULT_BASELINE_FILE = path.resolve(__dirname, '../../baselines/thebot.yml');

/** The same baseline compiled to JSON for the Lambdas (`sgdrift baseline compile`), kept in step by a test. */
export const DEFAULT_COMPILED_BASELINE_FILE = path.resolve(__dirname, '../../baselines/thebot.compiled.json');
