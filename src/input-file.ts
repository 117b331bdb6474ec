/**
 * Reads a file a person names (baseline, snapshot, event): a regular file only, and no larger than a
 * cap, so `-s /dev/zero`, a FIFO or a runaway file is refused at once instead of filling memory.
 * Text is read as UTF-8, or as UTF-16 when it says so: Windows PowerShell's `>` writes UTF-16 LE with
 * a byte-order mark, and many AWS CLI outputs published in repositories are UTF-16.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from './errors';

/** Large enough for describe-security-groups + rules + interfaces of a big account. */
export const DEFAULT_MAX_INPUT_BYTES = 128 * 1024 * 1024;
/** The environment variable that changes the cap (the CLI reads it; the Lambdas use the default). */
export const MAX_INPUT_BYTES_VARIABLE = 'SGDRIFT_MAX_INPUT_BYTES';

const CHUNK_BYTES = 64 * 1024;

type InputErrorType = new (message: string, options?: { cause?: unknown }) => InputError;

/** The text of `path` (UTF-8, or UTF-16 by BOM); any problem is one `ErrorType` line naming the file. */
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
    return decodeText(Buffer.concat(chunks, total), path, ErrorType);
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

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/**
 * The text of the bytes: UTF-8 (a BOM dropped), or UTF-16 LE/BE by its BOM. Without a BOM, UTF-16 is
 * recognised as JSON and YAML start, with an ASCII character: one zero byte beside it (RFC 4627 §3).
 */
function decodeText(bytes: Buffer, path: string, ErrorType: InputErrorType): string {
  const startsWith = (bom: number[]) => bom.every((byte, index) => bytes[index] === byte);
  if (startsWith(UTF8_BOM)) return bytes.subarray(UTF8_BOM.length).toString('utf8');
  let encoding: 'utf16le' | 'utf16be' | undefined;
  let start = 0;
  if (startsWith(UTF16LE_BOM)) [encoding, start] = ['utf16le', 2];
  else if (startsWith(UTF16BE_BOM)) [encoding, start] = ['utf16be', 2];
  else if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) encoding = 'utf16le';
  else if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) encoding = 'utf16be';
  if (encoding === undefined) return bytes.toString('utf8');
  const body = bytes.subarray(start);
  if (body.length % 2 !== 0) throw new ErrorType(`${path}: UTF-16 text of an odd number of bytes`);
  // Node decodes little-endian only: a copy with each pair swapped is the same text in LE.
  const little = encoding === 'utf16be' ? Buffer.from(body).swap16() : body;
  return little.toString('utf16le');
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
