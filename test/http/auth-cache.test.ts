import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthCache, type Authenticated } from '../../src/adapters/http/auth-cache.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

function entry(userId: string): Authenticated {
  const at = new Date('2025-04-01T00:00:00Z');
  return {
    token: {
      id: `t-${userId}`,
      userId,
      name: 'n',
      prefix: 'p',
      createdAt: at,
      lastUsedAt: null,
      revokedAt: null,
    },
    user: {
      id: userId,
      workspaceId: 'w',
      name: userId,
      email: `${userId}@example.com`,
      role: 'responder',
      slackUserId: null,
      locale: null,
      isActive: true,
      createdAt: at,
    },
  };
}

describe('AuthCache', () => {
  it('forgets an entry once its time to live has passed', () => {
    let now = 0;
    const cache = new AuthCache({ ttlMs: 1000, now: () => now });
    cache.set('h1', entry('a'));
    now = 999;
    expect(cache.get('h1')?.user.id).toBe('a');
    now = 1000;
    expect(cache.get('h1')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new AuthCache({ maxEntries: 2 });
    cache.set('h1', entry('a'));
    cache.set('h2', entry('b'));
    cache.set('h3', entry('c'));
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')?.user.id).toBe('b');
    expect(cache.get('h3')?.user.id).toBe('c');
  });

  it('forgets everything on clear', () => {
    const cache = new AuthCache();
    cache.set('h1', entry('a'));
    cache.clear();
    expect(cache.get('h1')).toBeUndefined();
  });
});

describe.each(testDatabaseKinds())('authentication cache in the server (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  function me(token: string) {
    return server.app.inject({ method: 'GET', url: '/api/v1/me', headers: server.auth(token) });
  }
  function declare(token: string) {
    return server.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: server.auth(token),
      payload: { title: 'cache check' },
    });
  }

  /** Polls until the answer has the status, as another process's change arrives by NOTIFY. */
  async function eventually(
    request: () => Promise<{ statusCode: number }>,
    status: number,
  ): Promise<number> {
    const deadline = Date.now() + 3000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await request()).statusCode;
      if (last === status) return last;
      await sleep(20);
    }
    return last;
  }

  it('refuses a token revoked through the API on the very next request', async () => {
    const { token, user } = await server.createUser('responder');
    expect((await me(token)).statusCode).toBe(200);
    const list = await server.app.inject({
      method: 'GET',
      url: `/api/v1/tokens?userId=${user.id}`,
      headers: server.auth(server.adminToken),
    });
    const [own] = list.json<{ items: { id: string }[] }>().items;
    const revoked = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${own?.id ?? ''}`,
      headers: server.auth(server.adminToken),
    });
    expect(revoked.statusCode).toBe(204);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('applies a role change made through the API on the very next request', async () => {
    const { token, user } = await server.createUser('responder');
    expect((await declare(token)).statusCode).toBe(201);
    const demoted = await server.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: server.auth(server.adminToken),
      payload: { role: 'viewer' },
    });
    expect(demoted.statusCode).toBe(200);
    expect((await declare(token)).statusCode).toBe(403);
  });

  it('sees a revocation and a deactivation made by another process (NOTIFY), not after the TTL', async () => {
    const first = await server.createUser('responder');
    const second = await server.createUser('responder');
    expect((await me(first.token)).statusCode).toBe(200);
    expect((await me(second.token)).statusCode).toBe(200);
    await server.store.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', first.user.id)
      .execute();
    await server.store.db
      .updateTable('users')
      .set({ is_active: false })
      .where('id', '=', second.user.id)
      .execute();
    expect(await eventually(() => me(first.token), 401)).toBe(401);
    expect(await eventually(() => me(second.token), 401)).toBe(401);
  });

  it('still records a token’s last use once a minute while its authentication is cached', async () => {
    const { token, user } = await server.createUser('responder');
    const lastUsed = async () =>
      (
        await server.store.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    expect((await me(token)).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).toEqual(server.clock.now());
    server.clock.advance(30_000);
    expect((await me(token)).statusCode).toBe(200);
    expect(await lastUsed()).toEqual(first);
    server.clock.advance(31_000);
    expect((await me(token)).statusCode).toBe(200);
    expect(await lastUsed()).toEqual(server.clock.now());
  });
});
