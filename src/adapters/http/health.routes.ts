import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from './route.ts';

const healthResponse = z.strictObject({ status: z.enum(['ok', 'unavailable']) });

/** `GET /healthz`: 200 once the database answers, 503 otherwise (for load balancers and start-up checks). */
export const healthRoute: RouteDefinition = defineRoute({
  method: 'GET',
  url: '/healthz',
  operationId: 'getHealth',
  summary: 'Whether this process can serve (its database answers)',
  tags: ['meta'],
  auth: 'public',
  responses: {
    200: { description: 'Ready', schema: healthResponse },
    503: { description: 'The database does not answer', schema: healthResponse },
  },
  async handler({ deps, reply, request }) {
    try {
      await sql`select 1`.execute(deps.app.db);
      return { status: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'health check: the database does not answer');
      reply.code(503);
      return { status: 'unavailable' };
    }
  },
});
