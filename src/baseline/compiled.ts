/**
 * The compiled baseline: the validated document as JSON, for the Lambdas. The Lambda bundles carry
 * neither yaml nor zod and start faster; the file is still validated as strictly as the YAML at every
 * load, by the zod-free shape check (document-shape.ts) and the same cross-reference checks.
 */
import { BaselineError } from '../errors';
import { readInputFile } from '../input-file';
import { crossCheck, formatPath, type Problem } from './cross-check';
import { checkDocumentShape } from './document-shape';
import { forEnvironment } from './environment';
import type { BaselineDocument } from './schema';
import { describeValue, RESERVED_KEY_PROBLEM, reservedKeyPath } from './syntax';
import type { EnvironmentBaseline } from './types';

const COMPILED_FORMAT = 'sg-drift-monitor/compiled-baseline@1';
const COMPILED_KEYS = ['format', 'compiledFrom', 'document'];

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

export interface CompiledLoadOptions {
  /** A larger file is refused unread; defaults to DEFAULT_MAX_INPUT_BYTES. */
  maxBytes?: number;
  /** "Now" for the exception expiry limit; defaults to the clock. */
  now?: Date;
}

/** One environment of a compiled baseline; any problem is a one-line BaselineError naming the file and path. */
export function loadCompiledBaseline(
  file: string,
  environment: string,
  options: CompiledLoadOptions = {},
): EnvironmentBaseline {
  return forEnvironment(loadCompiledDocument(file, options), environment);
}

/** The whole compiled document, every environment (the central change function judges several). */
export function loadCompiledDocument(file: string, options: CompiledLoadOptions = {}): BaselineDocument {
  const text = readInputFile(file, options.maxBytes, BaselineError);
  let compiled: unknown;
  try {
    compiled = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(
      `${file}: cannot read the compiled baseline (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const fail = (problem: Problem): never => {
    throw new BaselineError(`${file}: ${formatPath(problem.path)}: ${problem.message}`);
  };
  if (
    typeof compiled !== 'object' ||
    compiled === null ||
    (compiled as Partial<CompiledBaseline>).format !== COMPILED_FORMAT
  ) {
    throw new BaselineError(
      `${file}: format: expected ${COMPILED_FORMAT} (compile it with sgdrift baseline compile)`,
    );
  }
  const { compiledFrom, document } = compiled as Record<string, unknown>;
  const unknownKey = Object.keys(compiled).find((key) => !COMPILED_KEYS.includes(key));
  if (unknownKey !== undefined) fail({ path: [unknownKey], message: 'unknown key' });
  if (typeof compiledFrom !== 'string') {
    const message =
      compiledFrom === undefined ? 'required' : `expected a string, got ${describeValue(compiledFrom)}`;
    fail({ path: ['compiledFrom'], message });
  }
  const reserved = reservedKeyPath(document, ['document']);
  if (reserved) fail({ path: reserved, message: RESERVED_KEY_PROBLEM });
  const shape = checkDocumentShape(document);
  if (!shape.ok) return fail(inDocument(shape.problems[0] as Problem));
  const problem = crossCheck(shape.document, options.now ?? new Date())[0];
  if (problem) fail(inDocument(problem));
  return { ...shape.document, source: file };
}

function inDocument(problem: Problem): Problem {
  return { path: ['document', ...problem.path], message: problem.message };
}
