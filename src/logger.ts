/** Structured JSON logs, one object per line, with the CloudTrail eventID as correlation id. */
import { displayJson } from './model/display-text';

export const LogLevel = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LogLevel;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines also carry these fields (e.g. `{ correlationId: eventID }`). */
  child(fields: Record<string, unknown>): Logger;
}

/** A logger writing JSON lines at or above `level` to `write` (stdout by default). */
export function createLogger(
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const threshold = LogLevel[level];
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LogLevel[at] < threshold) return;
    // displayJson, not JSON.stringify: a log tailed in a terminal gets no raw C1 or bidi character.
    write(
      displayJson(
        { level: at, timestamp: new Date().toISOString(), message, ...base, ...fields },
        errorFields,
      ),
    );
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

// Errors do not serialize by default; keep their name, message and AWS error code.
function errorFields(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, code: (value as { Code?: string }).Code };
  }
  return value;
}
