import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';

/**
 * Keyset pagination for every list: `?limit=&cursor=` → `{items, nextCursor}`. The cursor is
 * opaque to clients: base64url JSON of the last row's sort keys (dates as ISO strings). Ask the
 * store for `limit + 1` rows; one more than the limit means there is a next page.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Query fields of a paginated list; spread into the list's `z.strictObject({...})`. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(1000).optional(),
};

export type CursorKeys = Record<string, string | number | boolean | null | Date>;

/** The cursor naming a row's sort keys. */
export function encodeCursor(keys: CursorKeys): string {
  const plain = Object.fromEntries(
    Object.entries(keys).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
  return Buffer.from(JSON.stringify(plain), 'utf8').toString('base64url');
}

/** Reads a cursor back with the schema of its keys; a cursor that does not fit is a 400 on `cursor`. */
export function decodeCursor<S extends z.ZodType>(
  cursor: string | undefined,
  schema: S,
): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new DomainError('validation_failed', { field: 'cursor', reason: 'invalid_cursor' });
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new DomainError('validation_failed', { field: 'cursor', reason: 'invalid_cursor' });
  return result.data;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts `limit + 1` fetched rows to a page, with the cursor of its last row when more follow. */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  keysOf: (row: T) => CursorKeys,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keysOf(last)) : null;
  return { items, nextCursor };
}

/** The response schema of a page of `item`. */
export function pageSchema<S extends z.ZodType>(item: S) {
  return z.strictObject({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
}

/** Cursor keys of lists ordered by (timestamp, id). */
export const timeIdCursor = z.strictObject({
  at: z.iso.datetime().transform((s) => new Date(s)),
  id: z.guid(),
});
