/**
 * YAML text → a zod schema → cross-reference checks, each failure one line
 * `<file>: <path.inside.file>: <problem> (line N)`: shared by the baseline and the accounts map.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { BaselineError } from '../errors';
import { readInputFile } from '../input-file';
import { formatPath, type Problem } from './cross-check';
import { describeValue, RESERVED_KEY_PROBLEM, reservedKeyPath } from './syntax';

/** Parses `text` and validates it; throws a one-line BaselineError naming `source`, the path and line. */
export function parseValidatedYaml<S extends z.ZodType>(
  text: string,
  source: string,
  schema: S,
  crossCheck: (data: z.output<S>) => Problem[],
): z.output<S> {
  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = yamlDoc.errors[0];
  if (syntaxError) {
    const { line } = lineCounter.linePos(syntaxError.pos[0]);
    throw new BaselineError(`${source}: yaml: ${firstLine(syntaxError.message)} (line ${line})`);
  }
  const data = toData(yamlDoc, source);
  const lineOf = (problemPath: Problem['path']) => {
    const offset = offsetOf(yamlDoc.contents, problemPath);
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const fail = (problems: Problem[]): never => {
    const located = problems.map((problem) => ({ ...problem, line: lineOf(problem.path) }));
    // Report the first problem in reading order: the one a person meets first in the file.
    const first = located.reduce((best, next) =>
      (next.line ?? Infinity) < (best.line ?? Infinity) ? next : best,
    );
    const where = first.line === undefined ? '' : ` (line ${first.line})`;
    throw new BaselineError(`${source}: ${formatPath(first.path)}: ${first.message}${where}`);
  };

  const reserved = reservedKeyPath(data);
  if (reserved) return fail([{ path: reserved, message: RESERVED_KEY_PROBLEM }]);
  const parsed = schema.safeParse(data);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => describeIssue(issue, data)));
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) return fail(problems);
  return parsed.data;
}

/** The text of a configuration file: an unreadable, special or oversized file is a one-line BaselineError. */
export function readConfigFile(file: string, maxBytes?: number): string {
  return readInputFile(file, maxBytes, BaselineError);
}

/** Aliases a document may expand, as the yaml package counts them: a small bomb explodes past it. */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data; an alias bomb ("billion laughs") is refused before it expands. */
function toData(yamlDoc: Document, source: string): unknown {
  try {
    return yamlDoc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError ("Excessive alias count …") past the limit.
    const problem = /alias/i.test(String((error as Error)?.message))
      ? `too many aliases (more than ${MAX_ALIAS_COUNT}); an alias bomb is refused`
      : firstLine(String((error as Error)?.message ?? error));
    throw new BaselineError(`${source}: yaml: ${problem}`, { cause: error });
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Turns a zod issue into a problem a person can act on. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): Problem {
  if (issue.code === 'unrecognized_keys') {
    return { path: [...issue.path, issue.keys[0] ?? ''] as Problem['path'], message: 'unknown key' };
  }
  const issuePath = issue.path as Problem['path'];
  const value = valueAt(data, issuePath);
  if (value === undefined && issuePath.length > 0) return { path: issuePath, message: 'required' };
  switch (issue.code) {
    case 'invalid_type':
      return { path: issuePath, message: `expected ${nameOf(issue.expected)}, got ${describeValue(value)}` };
    case 'invalid_value':
      return {
        path: issuePath,
        message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`,
      };
    case 'too_small':
    case 'too_big':
      return { path: issuePath, message: `${describeValue(value)} is out of range` };
    default:
      return { path: issuePath, message: issue.message };
  }
}

function nameOf(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'array') return 'a list';
  return `a ${expected}`;
}

function valueAt(data: unknown, at: Problem['path']): unknown {
  let node = data;
  for (const segment of at) {
    if (node === null || typeof node !== 'object') return undefined;
    // Own properties only: a key named like a prototype member (`constructor`) is not a value.
    if (!Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** Offset of the deepest node on the path that exists: a map entry's key, a list item. */
function offsetOf(root: unknown, at: Problem['path']): number | undefined {
  let node = root;
  let offset = rangeStart(root);
  for (const segment of at) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}
