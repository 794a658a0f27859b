import { describe, expect, it } from 'vitest';
import { PermanentError, RetryLaterError, describeError } from '../../src/jobs/errors.ts';
import { DEFAULT_BACKOFF, backoffDelay, settlementForError } from '../../src/jobs/retry-policy.ts';

describe('backoffDelay', () => {
  it('doubles from 1 s and stops at 10 min', () => {
    const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
    expect(Array.from({ length: 12 }, (_, i) => backoffDelay(i + 1, noJitter, () => 0.9))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 600_000,
      600_000,
    ]);
  });

  it('takes up to the jitter share off at random', () => {
    expect([0, 0.5, 1].map((r) => backoffDelay(3, DEFAULT_BACKOFF, () => r))).toEqual([
      4_000, 3_000, 2_000,
    ]);
    expect([0, 0.5, 1].map((r) => backoffDelay(20, DEFAULT_BACKOFF, () => r))).toEqual([
      600_000, 450_000, 300_000,
    ]);
  });
});

describe('settlementForError', () => {
  const now = new Date('2026-11-27T00:00:00.000Z');
  const context = { attempt: 2, maxAttempts: 3, now, backoff: DEFAULT_BACKOFF, random: () => 0 };

  it.each([
    [
      'a transient error retries with backoff, counted',
      new Error('socket hang up'),
      context,
      {
        kind: 'retry',
        availableAt: new Date('2026-11-27T00:00:02.000Z'),
        error: 'Error: socket hang up',
        isCounted: true,
      },
    ],
    [
      'the last attempt fails for good',
      new TypeError('x is undefined'),
      { ...context, attempt: 3 },
      { kind: 'failed', error: 'TypeError: x is undefined' },
    ],
    [
      'RetryLaterError waits exactly, uncounted, even on the last attempt',
      new RetryLaterError(42_000),
      { ...context, attempt: 3 },
      {
        kind: 'retry',
        availableAt: new Date('2026-11-27T00:00:42.000Z'),
        error: 'RetryLaterError: retry after 42000 ms',
        isCounted: false,
      },
    ],
    [
      'PermanentError fails at once',
      new PermanentError('not_in_channel'),
      { ...context, attempt: 1 },
      { kind: 'failed', error: 'PermanentError: not_in_channel' },
    ],
    [
      'a thrown non-error is described',
      'oops',
      context,
      {
        kind: 'retry',
        availableAt: new Date('2026-11-27T00:00:02.000Z'),
        error: 'Non-error thrown: oops',
        isCounted: true,
      },
    ],
  ])('%s', (_what, error, ctx, expected) => {
    expect(settlementForError(error, ctx)).toEqual(expected);
  });

  it('cuts long errors to 2000 characters', () => {
    expect(describeError(new Error('x'.repeat(5_000)))).toHaveLength(2_000);
  });

  it('refuses a negative RetryLaterError delay', () => {
    expect(() => new RetryLaterError(-1)).toThrow('RetryLaterError needs afterMs >= 0, got -1');
  });
});
