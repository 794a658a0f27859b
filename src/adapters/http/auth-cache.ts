import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import type { ApiToken } from '../../store/tokens.ts';
import type { User } from '../../store/users.ts';
import { ExpiringCache } from './expiring-cache.ts';

/**
 * Who a token authenticates, remembered for a few seconds so that a request costs no extra
 * database round trip (the declare benchmark measured the token lookup at a fifth of the
 * statements of a declare).
 *
 * Never stale for long: every process LISTENs on `hikeshi_auth`, which the database NOTIFYs when a
 * token is revoked or a user's role, activity or workspace changes (migration 009), and this
 * process also forgets everything after its own successful writes to tokens or users, so a
 * revocation made here is in force for the very next request. The TTL bounds staleness if a
 * notification is ever missed (a LISTEN connection being re-established). Only hits are cached:
 * an unknown token costs a lookup every time and cannot fill the memory.
 */

export interface Authenticated {
  token: ApiToken;
  user: User;
}

export const AUTH_CHANNEL = 'hikeshi_auth';

/** Who a token authenticates, by the token's hash. */
export class AuthCache extends ExpiringCache<Authenticated> {}

/** API paths whose successful writes can change who a token authenticates, or what a source's secret admits. */
const AUTH_WRITE_PATHS = /^\/api\/v1\/(tokens|users|alert-sources)(\/|\?|$)/;

/**
 * Keeps the server's caches of credentials honest (tokens, alert sources): forgotten on every
 * `hikeshi_auth` notification (any process's change) and after this process's own successful
 * writes to tokens, users and alert sources.
 */
export async function keepAuthCacheFresh(
  app: FastifyInstance,
  store: Store,
  caches: readonly { clear(): void }[],
): Promise<void> {
  const clear = () => caches.forEach((cache) => cache.clear());
  const unlisten = await store.listen(AUTH_CHANNEL, clear);
  app.addHook('onClose', async () => unlisten());
  app.addHook('onResponse', async (request, reply) => {
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      reply.statusCode < 400 &&
      AUTH_WRITE_PATHS.test(request.url)
    ) {
      clear();
    }
  });
}
