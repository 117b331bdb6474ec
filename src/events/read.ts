/**
 * Defensive reads of untrusted JSON. Every accessor checks types, reads own properties only (so a
 * key like `constructor` never reaches the prototype) and bounds what it returns.
 */

import { isJsonObject } from '../model/json-shape';

/** Longest string kept from an event: enough for any ARN or description, small enough for alerts. */
export const MAX_TEXT_LENGTH = 1000;
/** Most items read from one list; AWS allows 60 rules per group, a hostile event may hold more. */
export const MAX_LIST_ITEMS = 500;

export type JsonObject = Readonly<Record<string, unknown>>;

/** The values that are present, each once, in first-seen order. */
export function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

/** Whether the value is a non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return isJsonObject(value);
}

/** The own property `key` of an object, or undefined for anything else. */
export function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The value at a path of own properties. */
export function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = field(current, key);
  return current;
}

/** A trimmed, non-empty string cut to MAX_TEXT_LENGTH, or null. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return trimmed.length > MAX_TEXT_LENGTH ? trimmed.slice(0, MAX_TEXT_LENGTH) : trimmed;
}

/** The entries of a CloudTrail list: `{ items: [...] }` or a plain array; anything else is empty. */
export function items(value: unknown): readonly unknown[] {
  const list = Array.isArray(value) ? value : field(value, 'items');
  // Array.from turns holes of a sparse array into undefined, which every reader handles.
  return Array.isArray(list) ? Array.from(list.slice(0, MAX_LIST_ITEMS)) : [];
}

/** Like `items`, but one bare object is a list of one (ModifySecurityGroupRulesRequest's shape). */
export function oneOrMany(value: unknown): readonly unknown[] {
  if (isObject(value) && !Object.hasOwn(value, 'items')) return [value];
  return items(value);
}

/** `true`/`"true"` → true, `false`/`"false"` → false, anything else → undefined. */
export function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}
