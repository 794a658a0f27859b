import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import type { ApiToken } from '../../store/tokens.ts';
import type { User } from '../../store/users.ts';

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
const DEFAULT_TTL_MS = 10_000;
const DEFAULT_MAX_ENTRIES = 10_000;

export class AuthCache {
  readonly #entries = new Map<string, { value: Authenticated; storedAt: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#now = options.now ?? Date.now;
  }

  get(tokenHash: string): Authenticated | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (this.#now() - entry.storedAt >= this.#ttlMs) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry.value;
  }

  set(tokenHash: string, value: Authenticated): void {
    if (this.#entries.size >= this.#maxEntries && !this.#entries.has(tokenHash)) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(tokenHash, { value, storedAt: this.#now() });
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** API paths whose successful writes can change who a token authenticates. */
const AUTH_WRITE_PATHS = /^\/api\/v1\/(tokens|users)(\/|\?|$)/;

/**
 * Keeps the server's cache honest: forgotten on every `hikeshi_auth` notification (any process's
 * change) and after this process's own successful writes to tokens and users.
 */
export async function keepAuthCacheFresh(
  app: FastifyInstance,
  store: Store,
  cache: AuthCache,
): Promise<void> {
  const unlisten = await store.listen(AUTH_CHANNEL, () => cache.clear());
  app.addHook('onClose', async () => unlisten());
  app.addHook('onResponse', async (request, reply) => {
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      reply.statusCode < 400 &&
      AUTH_WRITE_PATHS.test(request.url)
    ) {
      cache.clear();
    }
  });
}
