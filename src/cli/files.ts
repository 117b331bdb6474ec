import { readFileSync, writeFileSync } from 'node:fs';
import { loadCompiledBaseline } from '../baseline/compiled';
import { DEFAULT_BASELINE_FILE } from '../baseline/files';
import { loadEnvironmentBaseline } from '../baseline/loader';
import type { EnvironmentBaseline } from '../baseline/types';
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

/** Writes an output file; a path that cannot be written is a usage error (exit 2), not a crash. */
export function writeOutputFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new InputError(`${path}: cannot write file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** An environment of a baseline file: the YAML people edit, or the JSON `baseline compile` writes. */
export function readBaseline(file: string | undefined, environment: string): EnvironmentBaseline {
  const path = file ?? DEFAULT_BASELINE_FILE;
  return path.endsWith('.json')
    ? loadCompiledBaseline(path, environment)
    : loadEnvironmentBaseline(path, environment);
}
