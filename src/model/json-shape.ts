/**
 * Reading untrusted JSON of AWS outputs: each helper returns the value or throws a one-line
 * SnapshotError naming the JSON path and what was found (quoted safely).
 */
import { SnapshotError } from '../errors';
import { displayJson } from './display-text';

export type Json = Record<string, unknown>;

/** A SnapshotError for `value` at `path` that is not what was `expected` (`an array`, `a string`…). */
export function shapeError(path: string, expected: string, value: unknown): SnapshotError {
  return new SnapshotError(`${path}: expected ${expected}, got ${describeValue(value)}`);
}

/** A short, safe rendering of a wrong value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    // Values come from the estate: escaped, so an error line reaches the terminal safe.
    const text = displayJson(value);
    return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
  }
  return String(value);
}

/** Whether the value is an object and not an array (what a JSON or YAML mapping parses to). */
export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): Json {
  if (!isJsonObject(value)) throw shapeError(path, 'an object', value);
  return value;
}

export function expectArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw shapeError(path, 'an array', value);
  return value;
}

/** An array that AWS may also leave out or send as null (then empty). */
export function optionalArray(object: Json, key: string, path: string): readonly unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  return expectArray(value, `${path}.${key}`);
}

export function optionalObject(object: Json, key: string, path: string): Json | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  return expectObject(value, `${path}.${key}`);
}

export function requiredString(object: Json, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '')
    throw shapeError(`${path}.${key}`, 'a non-empty string', value);
  return value;
}

export function optionalString(object: Json, key: string, path: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw shapeError(`${path}.${key}`, 'a string', value);
  return value;
}
