import type { Settlement } from '../store/leased-work.ts';
import { PermanentError, RetryLaterError, describeError } from './errors.ts';

/**
 * What happens after a handler throws: exponential backoff with jitter for transient errors, the
 * requested delay for RetryLaterError, failure for PermanentError or once attempts run out.
 */

export interface BackoffOptions {
  /** Delay after the first failed attempt (default 1 s); doubles with each attempt. */
  baseMs: number;
  /** Longest delay (default 10 min). */
  maxMs: number;
  /** Share of the delay taken off at random, 0..1 (default 0.5: between half and all of it). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 10 * 60_000, jitter: 0.5 };
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * The wait after failed attempt `attempt` (1-based): min(base·2^(attempt-1), max), less up to
 * `jitter` of it at random so that many rows failing together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  backoff: BackoffOptions,
  random: () => number,
): number {
  const exponential = Math.min(backoff.baseMs * 2 ** Math.max(attempt - 1, 0), backoff.maxMs);
  return Math.round(exponential * (1 - backoff.jitter * random()));
}

/** The settlement of an attempt whose handler threw `error`. */
export function settlementForError(
  error: unknown,
  context: {
    attempt: number;
    maxAttempts: number;
    now: Date;
    backoff: BackoffOptions;
    random: () => number;
  },
): Settlement {
  const text = describeError(error);
  if (error instanceof RetryLaterError) {
    return {
      kind: 'retry',
      availableAt: new Date(context.now.getTime() + error.afterMs),
      error: text,
      isCounted: false,
    };
  }
  if (error instanceof PermanentError || context.attempt >= context.maxAttempts)
    return { kind: 'failed', error: text };
  const delay = backoffDelay(context.attempt, context.backoff, context.random);
  return {
    kind: 'retry',
    availableAt: new Date(context.now.getTime() + delay),
    error: text,
    isCounted: true,
  };
}
