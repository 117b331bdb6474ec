/** All errors the monitor raises on purpose. `exitCode` is what the CLI exits with. */
export class SgDriftError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * An error as one phrase for a message: the monitor's own errors by their message (it says what
 * happened, and may already carry another error's name), any other by its name and message.
 */
export function errorText(error: unknown): string {
  if (error instanceof SgDriftError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Bad input a person can fix: a malformed baseline, snapshot, event file or argument. */
export class InputError extends SgDriftError {
  override readonly exitCode = 2;
}

/** The baseline file does not match its schema; the message names file, path and problem. */
export class BaselineError extends InputError {}

/** A snapshot file is not the JSON of describe-security-groups / describe-security-group-rules. */
export class SnapshotError extends InputError {}

/** Configuration from the environment (a Lambda's variables) is missing or invalid. */
export class ConfigError extends InputError {}

/** A revert plan changes more rules than the blast-radius limit allows; nothing was changed. */
export class BlastRadiusError extends SgDriftError {}

/** An alert could not be published: the invocation must fail so Lambda retries and the DLQ keep it. */
export class PublishError extends SgDriftError {}

/** Work was cut off because the invocation's time budget (its remaining time minus the alert's reserve) was spent. */
export class TimeBudgetError extends SgDriftError {}

/** An organizational unit the accounts map names does not exist (any more) in the organization. */
export class UnitNotFoundError extends SgDriftError {}

/**
 * The CLI could not read the live account (AWS refused, throttled or could not be reached, or sent
 * an answer that could not be read): exit 3, as the organization audit's "not audited". A security
 * tool does not let "could not look" read as "found something" (1) or "clean" (0).
 */
export class NotAuditedError extends SgDriftError {
  override readonly exitCode = 3;
}

/** A paginated AWS listing did not end: a NextToken came back twice, or the page cap was reached. */
export class PaginationError extends SgDriftError {}
