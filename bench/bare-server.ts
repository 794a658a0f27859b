import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql, type Generated, type Kysely } from 'kysely';
import type { Database } from '../src/store/schema.ts';

/**
 * The baseline: a bare Fastify 5 route inserting one row, through the very Kysely object (and so
 * the dialect, pool or PGlite lock) hikeshi uses. No auth, no validation beyond a title check, no
 * transaction: what any endpoint that writes must pay at least.
 */

interface BenchBareTable {
  id: string;
  title: string;
  created_at: Generated<Date>;
}

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareServer(db: Kysely<Database>): Promise<BareServer> {
  await sql`CREATE TABLE IF NOT EXISTS bench_bare (id uuid PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const bare = db.withTables<{ bench_bare: BenchBareTable }>();
  const app: FastifyInstance = Fastify({ logger: false });
  app.post('/bare', async (request, reply) => {
    const body = request.body as { title?: unknown } | undefined;
    const title = typeof body?.title === 'string' ? body.title : '';
    if (title === '') return reply.code(400).send({ error: 'title required' });
    const id = randomUUID();
    await bare.insertInto('bench_bare').values({ id, title }).execute();
    return reply.code(201).send({ id });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/bare`, close: () => app.close() };
}
