/**
 * How a handler (outbox or job) says what went wrong. Any other error is transient: the work is
 * retried with exponential backoff until its attempts run out.
 */

/** Try again after `afterMs` (e.g. Slack's 429 `Retry-After`); does not count as a failed attempt. */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  readonly afterMs: number;

  constructor(afterMs: number, message = `retry after ${afterMs} ms`, options?: ErrorOptions) {
    super(message, options);
    if (!Number.isFinite(afterMs) || afterMs < 0)
      throw new RangeError(`RetryLaterError needs afterMs >= 0, got ${afterMs}`);
    this.afterMs = afterMs;
  }
}

/** Retrying cannot help (e.g. channel_not_found, a payload that fails validation): fail now. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

const MAX_ERROR_LENGTH = 2_000;

/** The text stored in `last_error`: `Name: message`, cut to a sane length. */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : `Non-error thrown: ${String(error)}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
