import { readFileSync } from 'node:fs';
import { InputError, SnapshotError } from '../errors';
import { readSnapshot } from '../model/snapshot';
import type { Estate } from '../model/types';

/** Reads and parses a JSON file; any problem is one line naming the file. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${path}: invalid JSON: ${(error as Error).message}`);
  }
}

/** An estate from a describe-security-groups snapshot file. */
export function readSnapshotFile(path: string): Estate {
  return readSnapshot(readJsonFile(path), path);
}
