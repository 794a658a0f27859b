import { sql, type Kysely } from 'kysely';
import { DEFAULT_WORKSPACE } from '../src/boot.ts';
import type { Database } from '../src/store/schema.ts';

/**
 * EXPLAIN ANALYZE of the list's first page as src/store/incident-queries.ts builds it (limit + 1
 * rows, newest first), for an admin (no visibility filter) and for a non-admin (public or member).
 * Printed with the results so a list miss can be read off the plan.
 */

export interface ListPlans {
  admin: string[];
  viewer: string[];
}

async function explain(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<string[]> {
  const result = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(db);
  return result.rows.map((row) => row['QUERY PLAN']);
}

export async function explainList(db: Kysely<Database>, viewerId: string, limit = 51): Promise<ListPlans> {
  const admin = sql`SELECT i.* FROM incidents AS i WHERE i.workspace_id = ${DEFAULT_WORKSPACE} ORDER BY i.number DESC LIMIT ${limit}`;
  const viewer = sql`SELECT i.* FROM incidents AS i
    WHERE i.workspace_id = ${DEFAULT_WORKSPACE}
      AND (i.is_private = false OR EXISTS (SELECT m.user_id FROM incident_members AS m WHERE m.incident_id = i.id AND m.user_id = ${viewerId}))
    ORDER BY i.number DESC LIMIT ${limit}`;
  return { admin: await explain(db, admin), viewer: await explain(db, viewer) };
}
