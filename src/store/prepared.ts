import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Server-side prepared statements on PostgreSQL for the few hot statements that ask for it: a
 * statement whose text starts with PREPARED is sent with a name derived from its text, so each
 * pooled connection parses and plans it once instead of on every call. Only statements whose text
 * never varies may carry the marker (one name per text; every parameter is a bind value). PGlite
 * ignores it: there the marker is a comment.
 */
export const PREPARED = '/* prepared */';

const names = new Map<string, string>();

function nameFor(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `hikeshi_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** Makes a pooled client name the statements marked PREPARED (Kysely calls `query(text, values)`). */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const marked = (...args: unknown[]): unknown => {
    const [text, values] = args;
    if (args.length <= 2 && typeof text === 'string' && text.startsWith(PREPARED) && (values === undefined || Array.isArray(values))) {
      return query({ name: nameFor(text), text, values });
    }
    return query(...args);
  };
  Object.assign(client, { query: marked });
}
