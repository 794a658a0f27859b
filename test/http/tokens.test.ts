import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUseCase } from '../../src/app/context.ts';
import { BOOTSTRAP_ADMIN_EMAIL, bootstrapActor, ensureBootstrapToken } from '../../src/app/tokens/ensure-bootstrap-token.ts';
import { startTestServer, TEST_START, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

interface TokenItem {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe.each(testDatabaseKinds())('tokens API (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  function create(token: string, payload: object) {
    return server.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: server.auth(token), payload });
  }
  function me(token: string) {
    return server.app.inject({ method: 'GET', url: '/api/v1/me', headers: server.auth(token) });
  }
  async function list(token: string, query = '') {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/tokens${query}`, headers: server.auth(token) });
    return { status: response.statusCode, body: response.json<{ items: TokenItem[]; nextCursor: string | null }>() };
  }
  function revoke(token: string, id: string) {
    return server.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: server.auth(token) });
  }

  it('issues a token once (201), stores only its hash, and the token authenticates its user', async () => {
    const { user } = await server.createUser('responder');
    const response = await create(server.adminToken, { userId: user.id, name: 'CI' });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ id: string; token: string; prefix: string }>();
    expect(body.token).toMatch(/^hks_[A-Za-z0-9_-]{43}$/);
    expect(body).toEqual({
      id: body.id,
      userId: user.id,
      name: 'CI',
      prefix: body.token.slice(0, 8),
      token: body.token,
      createdAt: TEST_START.toISOString(),
    });
    const row = await server.store.db.selectFrom('api_tokens').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(body.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(body.token);
    const whoami = await me(body.token);
    expect(whoami.statusCode).toBe(200);
    expect(whoami.json<{ id: string }>().id).toBe(user.id);
  });

  it('lets anyone issue a token for themself, not for someone else', async () => {
    const viewer = await server.createUser('viewer');
    const other = await server.createUser('viewer');
    const own = await create(viewer.token, { userId: viewer.user.id, name: 'laptop' });
    expect(own.statusCode).toBe(201);
    const forOther = await create(viewer.token, { userId: other.user.id, name: 'sneaky' });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json<{ error: { code: string } }>().error.code).toBe('forbidden');
  });

  it('answers 404 user_not_found for an unknown user, 400 for a malformed one', async () => {
    const unknown = await create(server.adminToken, { userId: '00000000-0000-4000-8000-000000000000', name: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('user_not_found');
    const malformed = await create(server.adminToken, { userId: 'bob', name: 'x' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ error: { details: { field: string }[] } }>().error.details.map((d) => d.field)).toEqual(['userId']);
  });

  it('lists one’s own tokens (never secrets); admins see all and filter by user', async () => {
    const alice = await server.createUser('viewer');
    const bob = await server.createUser('viewer');
    await create(alice.token, { userId: alice.user.id, name: 'second' });
    const own = await list(alice.token);
    expect(own.status).toBe(200);
    expect(own.body.items.map((t) => t.name).sort()).toEqual(['second', 'test']);
    expect(own.body.items.every((t) => t.userId === alice.user.id)).toBe(true);
    expect(JSON.stringify(own.body)).not.toContain(alice.token);
    expect((await list(alice.token, `?userId=${bob.user.id}`)).status).toBe(403);
    const filtered = await list(server.adminToken, `?userId=${bob.user.id}`);
    expect(filtered.body.items.map((t) => t.userId)).toEqual([bob.user.id]);
    const everyone = await list(server.adminToken, '?limit=200');
    const owners = new Set(everyone.body.items.map((t) => t.userId));
    expect(owners.has(alice.user.id) && owners.has(bob.user.id) && owners.has(server.adminUserId)).toBe(true);
  });

  it('pages newest first with a cursor', async () => {
    const carol = await server.createUser('viewer');
    for (const name of ['one', 'two', 'three']) {
      server.clock.advance(1000);
      await create(carol.token, { userId: carol.user.id, name });
    }
    const first = await list(carol.token, '?limit=2');
    expect(first.body.items.map((t) => t.name)).toEqual(['three', 'two']);
    const second = await list(carol.token, `?limit=2&cursor=${first.body.nextCursor ?? ''}`);
    expect(second.body.items.map((t) => t.name)).toEqual(['one', 'test']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('revokes one’s own token (204, idempotent); the token then gets 401 with WWW-Authenticate', async () => {
    const dave = await server.createUser('viewer');
    const [token] = (await list(dave.token)).body.items;
    expect(token).toBeDefined();
    const first = await revoke(dave.token, token?.id ?? '');
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    const rejected = await me(dave.token);
    expect(rejected.statusCode).toBe(401);
    expect(rejected.headers['www-authenticate']).toBe('Bearer realm="hikeshi"');
    const again = await revoke(server.adminToken, token?.id ?? '');
    expect(again.statusCode).toBe(204);
    const listed = await list(server.adminToken, `?userId=${dave.user.id}`);
    expect(listed.body.items[0]?.revokedAt).toBe(server.clock.now().toISOString());
  });

  it('hides others’ tokens from non-admins (404); admins revoke anyone’s', async () => {
    const erin = await server.createUser('responder');
    const frank = await server.createUser('responder');
    const [franksToken] = (await list(frank.token)).body.items;
    const id = franksToken?.id ?? '';
    expect((await revoke(erin.token, id)).statusCode).toBe(404);
    expect((await me(frank.token)).statusCode).toBe(200);
    expect((await revoke(server.adminToken, id)).statusCode).toBe(204);
    expect((await me(frank.token)).statusCode).toBe(401);
    expect((await revoke(server.adminToken, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('records last use at most once a minute per token', async () => {
    const gina = await server.createUser('viewer');
    const lastUsed = async () => (await list(server.adminToken, `?userId=${gina.user.id}`)).body.items[0]?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const firstUse = server.clock.now().toISOString();
    await me(gina.token);
    expect(await lastUsed()).toBe(firstUse);
    server.clock.advance(59_000);
    await me(gina.token);
    expect(await lastUsed()).toBe(firstUse);
    server.clock.advance(1_000);
    await me(gina.token);
    expect(await lastUsed()).toBe(server.clock.now().toISOString());
  });
});

describe.each(testDatabaseKinds())('bootstrap admin token (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  const secret = 'bootstrap-secret-from-the-environment';

  async function counts() {
    const users = await server.store.db.selectFrom('users').select('id').where('email', '=', BOOTSTRAP_ADMIN_EMAIL).execute();
    const tokens = await server.store.db
      .selectFrom('api_tokens')
      .select('id')
      .where('token_hash', '=', createHash('sha256').update(secret).digest('hex'))
      .execute();
    return { users: users.length, tokens: tokens.length };
  }

  it('is idempotent: twice gives one user and one token, and the token authenticates as admin', async () => {
    const first = await runUseCase(server.deps.app, bootstrapActor, ensureBootstrapToken, { token: secret });
    const second = await runUseCase(server.deps.app, bootstrapActor, ensureBootstrapToken, { token: secret });
    expect(first.changed).toBe(true);
    expect(second).toEqual({ userId: first.userId, tokenId: first.tokenId, changed: false });
    expect(await counts()).toEqual({ users: 1, tokens: 1 });
    const whoami = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: server.auth(secret) });
    expect(whoami.json()).toMatchObject({ email: BOOTSTRAP_ADMIN_EMAIL, name: 'Bootstrap admin', role: 'admin' });
    const adminOnly = await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: server.auth(secret) });
    expect(adminOnly.statusCode).toBe(200);
  });

  it('makes a revoked bootstrap token and a demoted bootstrap admin valid again', async () => {
    const { userId, tokenId } = await runUseCase(server.deps.app, bootstrapActor, ensureBootstrapToken, { token: secret });
    const headers = server.auth(server.adminToken);
    await server.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}`, headers });
    await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${userId}`, headers, payload: { role: 'viewer' } });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: server.auth(secret) })).statusCode).toBe(401);
    const restored = await runUseCase(server.deps.app, bootstrapActor, ensureBootstrapToken, { token: secret });
    expect(restored).toEqual({ userId, tokenId, changed: true });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: server.auth(secret) })).statusCode).toBe(200);
    expect(await counts()).toEqual({ users: 1, tokens: 1 });
  });
});
