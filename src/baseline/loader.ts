/**
 * Loads a baseline file: YAML → schema → cross-references, each failure one line
 * `<file>: <path.inside.file>: <problem> (line N)`; then resolves one environment.
 */
import { forEnvironment } from './environment';

// Kept importable from here for the CLI's callers; the Lambdas import the zod-free modules directly.
export { forEnvironment } from './environment';
export { DEFAULT_BASELINE_FILE } from './files';

import { crossCheck } from './cross-check';
import { type BaselineDocument, baselineSchema } from './schema';
import type { EnvironmentBaseline } from './types';
import { parseValidatedYaml, readConfigFile } from './validated-yaml';

export interface LoadOptions {
  /** "Now" for the exception expiry limit; defaults to the clock. */
  now?: Date;
  /** A larger file is refused unread; defaults to DEFAULT_MAX_INPUT_BYTES. */
  maxBytes?: number;
}

/** Parses and validates baseline YAML; throws a one-line BaselineError naming `source` and the path. */
export function parseBaseline(text: string, source: string, options: LoadOptions = {}): BaselineDocument {
  const now = options.now ?? new Date();
  const document = parseValidatedYaml(text, source, baselineSchema, (doc) => crossCheck(doc, now));
  return { ...document, source };
}

/** Reads and validates a baseline file; an unreadable, special or oversized file is a one-line BaselineError. */
export function loadBaselineFile(file: string, options: LoadOptions = {}): BaselineDocument {
  return parseBaseline(readConfigFile(file, options.maxBytes), file, options);
}

/** `loadBaselineFile` + `forEnvironment`. */
export function loadEnvironmentBaseline(
  file: string,
  environment: string,
  options: LoadOptions = {},
): EnvironmentBaseline {
  return forEnvironment(loadBaselineFile(file, options), environment);
}
