import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadCompiledBaseline } from '../baseline/compiled';
import { DEFAULT_BASELINE_FILE } from '../baseline/files';
import { loadEnvironmentBaseline } from '../baseline/loader';
import type { EnvironmentBaseline } from '../baseline/types';
import { InputError, SnapshotError } from '../errors';
import { maxInputBytes, readInputFile } from '../input-file';
import { readSnapshot } from '../model/snapshot';
import type { Estate } from '../model/types';
import type { CliIo } from './io';

/** The cap on every input file of this run: `SGDRIFT_MAX_INPUT_BYTES`, or the default. */
export function inputLimit(): number {
  return maxInputBytes(process.env);
}

/** Reads and parses a JSON file; any problem is one line naming the file. */
export function readJsonFile(path: string): unknown {
  const text = readInputFile(path, inputLimit());
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

/**
 * Writes an output file atomically: a temporary file beside it, flushed, then renamed over it, so a
 * failed write (full disk, size limit) leaves the old file as it was and no temporary file behind.
 * A path that cannot be written is a usage error (exit 2), not a crash.
 */
export function writeOutputFile(path: string, text: string): void {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = openSync(temporary, 'wx', modeOf(path));
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let written = 0; written < bytes.length; ) {
        written += writeSync(fd, bytes, written, bytes.length - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`${path}: cannot write file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
}

/** The permissions of the file being replaced (a private file stays private), else the default. */
function modeOf(path: string): number {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return 0o666;
  }
}

/** An environment of a baseline file: the YAML people edit, or the JSON `baseline compile` writes. */
export function readBaseline(file: string | undefined, environment: string): EnvironmentBaseline {
  const path = file ?? DEFAULT_BASELINE_FILE;
  const maxBytes = inputLimit();
  return path.endsWith('.json')
    ? loadCompiledBaseline(path, environment, { maxBytes })
    : loadEnvironmentBaseline(path, environment, { maxBytes });
}

/** A command's document to `--output FILE` (saying so on stderr), else to stdout. */
export function emitDocument(output: string | undefined, text: string, io: CliIo): void {
  if (output) {
    writeOutputFile(output, text);
    io.stderr(`wrote ${output}`);
  } else {
    io.stdout(text);
  }
}
