import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_START, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(testDatabaseKinds())('users API (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  function post(token: string, payload: object, headers: Record<string, string> = {}) {
    return server.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...server.auth(token), ...headers }, payload });
  }

  describe('POST /api/v1/users', () => {
    it('lets an admin add a user, email normalised, and answers 201 with the user', async () => {
      const response = await post(server.adminToken, {
        name: '  Hanako Sato ',
        email: 'Hanako@Example.TEST',
        role: 'responder',
        slackUserId: 'U0HANAKO',
        locale: 'ja',
      });
      expect(response.statusCode).toBe(201);
      const body = response.json<{ id: string }>();
      expect(body.id).toMatch(UUID);
      expect(body).toEqual({
        id: body.id,
        name: 'Hanako Sato',
        email: 'hanako@example.test',
        role: 'responder',
        slackUserId: 'U0HANAKO',
        locale: 'ja',
        isActive: true,
        createdAt: TEST_START.toISOString(),
      });
    });

    it('refuses a taken email (any case) with 409 email_taken, in the caller’s language', async () => {
      await post(server.adminToken, { name: 'Taro', email: 'taro@example.test', role: 'viewer' });
      const again = await post(server.adminToken, { name: 'Taro 2', email: 'TARO@example.test', role: 'viewer' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toEqual({
        error: {
          code: 'email_taken',
          message: 'The email address taro@example.test is already in use.',
          details: { email: 'taro@example.test' },
        },
      });
      const inJapanese = await post(
        server.adminToken,
        { name: 'Taro 3', email: 'taro@example.test', role: 'viewer' },
        { 'accept-language': 'ja,en;q=0.5' },
      );
      expect(inJapanese.json<{ error: { message: string } }>().error.message).toBe(
        'メールアドレス taro@example.test はすでに使われています。',
      );
    });

    it('refuses a Slack user already linked to someone else with 409 conflict', async () => {
      await post(server.adminToken, { name: 'Slack A', email: 'slack-a@example.test', role: 'viewer', slackUserId: 'U0SHARED' });
      const response = await post(server.adminToken, { name: 'Slack B', email: 'slack-b@example.test', role: 'viewer', slackUserId: 'U0SHARED' });
      expect(response.statusCode).toBe(409);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('conflict');
    });

    it('is for admins only: a responder gets 403 forbidden', async () => {
      const { token } = await server.createUser('responder');
      const response = await post(token, { name: 'X', email: 'x@example.test', role: 'viewer' });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({
        error: { code: 'forbidden', message: 'You are not allowed to do this. Ask an admin.', details: { needed: 'admin' } },
      });
    });

    it('names every refused field', async () => {
      const response = await post(server.adminToken, { name: '', email: 'not-an-email', role: 'owner', isAdmin: true });
      expect(response.statusCode).toBe(400);
      const body = response.json<{ error: { code: string; details: { field: string }[] } }>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((d) => d.field)).toEqual(['name', 'email', 'role', 'isAdmin']);
    });
  });

  describe('GET /api/v1/users/:id and /api/v1/me', () => {
    it('shows a user to admins and to themself, not to others', async () => {
      const alice = await server.createUser('viewer');
      const bob = await server.createUser('responder');
      const url = `/api/v1/users/${alice.user.id}`;
      const byAdmin = await server.app.inject({ method: 'GET', url, headers: server.auth(server.adminToken) });
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json<{ email: string }>().email).toBe(alice.user.email);
      const bySelf = await server.app.inject({ method: 'GET', url, headers: server.auth(alice.token) });
      expect(bySelf.statusCode).toBe(200);
      const byOther = await server.app.inject({ method: 'GET', url, headers: server.auth(bob.token) });
      expect(byOther.statusCode).toBe(403);
    });

    it('answers 404 user_not_found for an unknown id, uuid or not', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const response = await server.app.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: server.auth(server.adminToken) });
        expect(response.statusCode).toBe(404);
        expect(response.json()).toEqual({ error: { code: 'user_not_found', message: 'The user was not found.', details: { id } } });
      }
    });

    it('GET /api/v1/me is the caller', async () => {
      const { user, token } = await server.createUser('responder', { name: 'Me Myself' });
      const response = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: server.auth(token) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: user.id, name: 'Me Myself', role: 'responder' });
    });

    it('answers in the user’s own locale before Accept-Language', async () => {
      const { token } = await server.createUser('viewer', { locale: 'ja' });
      const response = await server.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { ...server.auth(token), 'accept-language': 'en' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json<{ error: { message: string } }>().error.message).toBe('この操作を行う権限がありません。管理者に依頼してください。');
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    function patch(token: string, id: string, payload: object) {
      return server.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: server.auth(token), payload });
    }

    it('lets an admin change role, Slack user and locale; the new role applies at once', async () => {
      const { user, token } = await server.createUser('viewer');
      const before = await post(token, { name: 'Y', email: 'y@example.test', role: 'viewer' });
      expect(before.statusCode).toBe(403);
      const response = await patch(server.adminToken, user.id, { role: 'admin', slackUserId: 'U0PROMO', locale: 'en' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: user.id, role: 'admin', slackUserId: 'U0PROMO', locale: 'en' });
      const after = await post(token, { name: 'Y', email: 'y@example.test', role: 'viewer' });
      expect(after.statusCode).toBe(201);
    });

    it('lets a user change their own name and locale, but not their role', async () => {
      const { user, token } = await server.createUser('viewer');
      const own = await patch(token, user.id, { name: 'New Name', locale: 'ja' });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ name: 'New Name', locale: 'ja' });
      const cleared = await patch(token, user.id, { locale: null });
      expect(cleared.json()).toMatchObject({ locale: null });
      const promote = await patch(token, user.id, { role: 'admin' });
      expect(promote.statusCode).toBe(403);
      const other = await server.createUser('viewer');
      const renameOther = await patch(token, other.user.id, { name: 'Hijacked' });
      expect(renameOther.statusCode).toBe(403);
    });

    it('a deactivated user’s tokens stop working (401)', async () => {
      const { user, token } = await server.createUser('responder');
      const response = await patch(server.adminToken, user.id, { isActive: false });
      expect(response.json()).toMatchObject({ isActive: false });
      const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: server.auth(token) });
      expect(me.statusCode).toBe(401);
      await patch(server.adminToken, user.id, { isActive: true });
      const again = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: server.auth(token) });
      expect(again.statusCode).toBe(200);
    });

    it('answers 404 for an unknown user and 400 for unknown fields', async () => {
      const missing = await patch(server.adminToken, '00000000-0000-4000-8000-000000000000', { name: 'Nobody' });
      expect(missing.statusCode).toBe(404);
      const { user } = await server.createUser('viewer');
      const unknown = await patch(server.adminToken, user.id, { email: 'new@example.test' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<{ error: { details: { field: string }[] } }>().error.details.map((d) => d.field)).toEqual(['email']);
    });
  });
});

describe.each(testDatabaseKinds())('GET /api/v1/users pagination (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
    for (const name of ['Eve', 'Carol', 'Alice', 'Dave', 'Bob']) {
      await server.createUser(name === 'Dave' ? 'responder' : 'viewer', { name });
    }
  });
  afterAll(async () => {
    await server.close();
  });

  async function list(query: string) {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/users?${query}`, headers: server.auth(server.adminToken) });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: { name: string }[]; nextCursor: string | null }>();
  }

  it('pages by name with an opaque cursor until nextCursor is null', async () => {
    const first = await list('limit=2');
    expect(first.items.map((u) => u.name)).toEqual(['Alice', 'Bob']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`limit=2&cursor=${first.nextCursor ?? ''}`);
    expect(second.items.map((u) => u.name)).toEqual(['Bootstrap admin', 'Carol']);
    const third = await list(`limit=2&cursor=${second.nextCursor ?? ''}`);
    expect(third.items.map((u) => u.name)).toEqual(['Dave', 'Eve']);
    expect(third.nextCursor).toBeNull();
  });

  it('filters by role', async () => {
    expect((await list('role=responder')).items.map((u) => u.name)).toEqual(['Dave']);
    expect((await list('role=admin')).items.map((u) => u.name)).toEqual(['Bootstrap admin']);
  });

  it('refuses a bad limit, role or cursor, naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['role=owner', 'role'],
      ['cursor=nonsense', 'cursor'],
      ['sort=name', 'sort'],
    ] as const) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/users?${query}`, headers: server.auth(server.adminToken) });
      expect(response.statusCode, query).toBe(400);
      const details = response.json<{ error: { details: { field: string }[] } }>().error.details;
      expect(details.map((d) => d.field), query).toEqual([field]);
    }
  });

  it('is for admins only', async () => {
    const { token } = await server.createUser('responder', { name: 'Zed' });
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: server.auth(token) });
    expect(response.statusCode).toBe(403);
  });
});
