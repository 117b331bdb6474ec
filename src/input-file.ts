/**
 * Reads a file a person names (baseline, snapshot, event): a regular file only, and no larger than a
 * cap, so `-s /dev/zero`, a FIFO or a runaway file is refused at once instead of filling memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from './errors';

/** Large enough for describe-security-groups + rules + interfaces of a big account. */
export const DEFAULT_MAX_INPUT_BYTES = 128 * 1024 * 1024;
/** The environment variable that changes the cap (the CLI reads it; the Lambdas use the default). */
export const MAX_INPUT_BYTES_VARIABLE = 'SGDRIFT_MAX_INPUT_BYTES';

const CHUNK_BYTES = 64 * 1024;

type InputErrorType = new (message: string, options?: { cause?: unknown }) => InputError;

/** The UTF-8 text of `path`; any problem is one `ErrorType` line naming the file. */
export function readInputFile(
  path: string,
  maxBytes: number = DEFAULT_MAX_INPUT_BYTES,
  ErrorType: InputErrorType = InputError,
): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below, not read.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ErrorType(`${path}: cannot read file (${codeOf(error)})`, { cause: error });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new ErrorType(`${path}: not a regular file (${kindOf(stats)})`);
    const tooLarge = (bytes: number) =>
      new ErrorType(
        `${path}: ${bytes} bytes or more, over the input limit of ${maxBytes} bytes (${MAX_INPUT_BYTES_VARIABLE})`,
      );
    if (stats.size > maxBytes) throw tooLarge(stats.size);
    // Read in chunks and stop past the cap: a file that grows while it is read is refused too.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readChunk(fd, chunk, path, ErrorType);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw tooLarge(total);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The byte cap from `SGDRIFT_MAX_INPUT_BYTES` (a positive integer), or the default when unset. */
export function maxInputBytes(env: Record<string, string | undefined>): number {
  const raw = env[MAX_INPUT_BYTES_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MAX_INPUT_BYTES;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new InputError(`${MAX_INPUT_BYTES_VARIABLE}: expected a positive number of bytes, got '${raw}'`);
  }
  return Number(raw);
}

function readChunk(fd: number, chunk: Buffer, path: string, ErrorType: InputErrorType): number {
  try {
    return readSync(fd, chunk, 0, chunk.length, null);
  } catch (error) {
    throw new ErrorType(`${path}: cannot read file (${codeOf(error)})`, { cause: error });
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? 'error';
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
