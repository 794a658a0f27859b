import { DomainError } from '../../domain/errors.ts';

/** An opaque keyset cursor for newest-first lists ordered by a number (incident or report). */
export function encodeListCursor(position: { number: number }): string {
  return Buffer.from(JSON.stringify({ n: position.number })).toString('base64url');
}

export function decodeListCursor(cursor: string): { number: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'n' in value && Number.isSafeInteger(value.n)) {
      return { number: value.n as number };
    }
  } catch {
    // fall through to the validation error
  }
  throw new DomainError('validation_failed', { field: 'cursor', reason: 'invalid_cursor' });
}
