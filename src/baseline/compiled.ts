/**
 * The compiled baseline: the validated document as JSON, for the Lambdas. Validation (yaml + zod)
 * runs when it is compiled, at build time; the Lambda bundles carry neither library and start faster.
 * At cold start the file is still checked: its format marker, and the environment's resolution.
 */
import { BaselineError } from '../errors';
import { readInputFile } from '../input-file';
import { forEnvironment } from './environment';
import type { BaselineDocument } from './schema';
import type { EnvironmentBaseline } from './types';

const COMPILED_FORMAT = 'sg-drift-monitor/compiled-baseline@1';

interface CompiledBaseline {
  format: typeof COMPILED_FORMAT;
  compiledFrom: string;
  document: Omit<BaselineDocument, 'source'>;
}

/** The JSON text of a validated baseline document (`sgdrift baseline compile`). */
export function compileBaseline(document: BaselineDocument, compiledFrom: string): string {
  const { source: _source, ...rest } = document;
  const compiled: CompiledBaseline = { format: COMPILED_FORMAT, compiledFrom, document: rest };
  return `${JSON.stringify(compiled, null, 2)}\n`;
}

/** One environment of a compiled baseline; any problem is a one-line BaselineError naming the file. */
export function loadCompiledBaseline(
  file: string,
  environment: string,
  maxBytes?: number,
): EnvironmentBaseline {
  const text = readInputFile(file, maxBytes, BaselineError);
  let compiled: Partial<CompiledBaseline>;
  try {
    compiled = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `${file}: cannot read the compiled baseline (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (
    compiled?.format !== COMPILED_FORMAT ||
    typeof compiled.document !== 'object' ||
    compiled.document === null
  ) {
    throw new BaselineError(
      `${file}: format: expected ${COMPILED_FORMAT} (compile it with sgdrift baseline compile)`,
    );
  }
  return forEnvironment({ ...compiled.document, source: file } as BaselineDocument, environment);
}
