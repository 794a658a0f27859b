import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';

interface SessionBody {
  user: { id: string; email: string; role: string };
  via: string;
  csrfToken: string | null;
  expiresAt: string | null;
}

const PASSWORD = 'correct horse battery';
const DAY = 24 * 3600_000;

function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^hikeshi_session=([^;]*)/.exec(value ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${String(value)}`);
  return match[1];
}

describe.each(testDatabaseKinds())('web sign-in and sessions (%s)', (kind) => {
  let t: TestServer;
  let ipSerial = 0;
  /** Each test signs in from its own address, so the per-address limit of one test never leaks into another. */
  let ip = '10.0.0.1';

  beforeAll(async () => {
    t = await startTestServer(kind);
  });
  afterAll(async () => t.close());

  function nextIp(): string {
    ipSerial += 1;
    ip = `10.0.${Math.floor(ipSerial / 250)}.${(ipSerial % 250) + 1}`;
    return ip;
  }
  function signIn(payload: object, headers: Record<string, string> = {}) {
    return t.app.inject({ method: 'POST', url: '/api/v1/session', payload, headers, remoteAddress: ip });
  }
  function withCookie(cookie: string, csrf?: string) {
    return { cookie: `other=1; hikeshi_session=${cookie}`, ...(csrf !== undefined && { 'x-csrf-token': csrf }) };
  }
  async function userWithPassword(role: 'viewer' | 'responder' | 'admin' = 'responder'): Promise<TestUser> {
    const created = await t.createUser(role);
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${created.user.id}/password`,
      headers: t.auth(t.adminToken),
      payload: { password: PASSWORD },
    });
    expect(set.statusCode).toBe(204);
    return created;
  }
  async function session(user: TestUser): Promise<{ cookie: string; csrf: string }> {
    const response = await signIn({ email: user.user.email.toUpperCase(), password: PASSWORD });
    expect(response.statusCode).toBe(201);
    const body = response.json<SessionBody>();
    return { cookie: cookieOf(response), csrf: body.csrfToken ?? '' };
  }

  it('signs in with email and password: an HttpOnly, SameSite=Lax cookie; only hashes are stored', async () => {
    nextIp();
    const alice = await userWithPassword();
    const response = await signIn({ email: ` ${alice.user.email} `, password: PASSWORD });
    expect(response.statusCode).toBe(201);
    const body = response.json<SessionBody>();
    expect(body.user.id).toBe(alice.user.id);
    expect(body.via).toBe('password');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(t.clock.now().getTime() + 7 * DAY).toISOString());
    expect(response.headers['set-cookie']).toMatch(/^hikeshi_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/);
    const cookie = cookieOf(response);
    const row = await t.store.db.selectFrom('web_sessions').selectAll().where('user_id', '=', alice.user.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(cookie).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(cookie);
    const stored = await t.store.db.selectFrom('user_passwords').selectAll().where('user_id', '=', alice.user.id).executeTakeFirstOrThrow();
    expect(stored.params).toBe('scrypt:N=16384,r=8,p=1,len=64');
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: withCookie(cookie) });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ id: string }>().id).toBe(alice.user.id);
    const current = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: withCookie(cookie) });
    expect(current.json<SessionBody>()).toEqual(body);
  });

  it('marks the cookie Secure when the public URL is https, and refuses a sign-in from another origin', async () => {
    nextIp();
    const bob = await userWithPassword();
    const evil = await signIn({ email: bob.user.email, password: PASSWORD }, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json<{ error: { code: string } }>().error.code).toBe('csrf_failed');
    const previous = t.deps.config.publicUrl;
    t.deps.config.publicUrl = 'https://hikeshi.example';
    try {
      const response = await signIn({ email: bob.user.email, password: PASSWORD }, { origin: 'https://hikeshi.example' });
      expect(response.statusCode).toBe(201);
      expect(response.headers['set-cookie']).toMatch(/; Secure$/);
    } finally {
      t.deps.config.publicUrl = previous;
    }
  });

  it('needs the CSRF token on unsafe cookie requests, never on bearer-token requests', async () => {
    nextIp();
    const carol = await userWithPassword('responder');
    const { cookie, csrf } = await session(carol);
    const payload = { title: 'Checkout fails', severity: 'SEV3' };
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: withCookie(cookie), payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('csrf_failed');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: withCookie(cookie, `${csrf.slice(1)}x`), payload });
    expect(wrong.statusCode).toBe(403);
    expect(await t.store.db.selectFrom('incidents').select('id').where('title', '=', 'Checkout fails').execute()).toEqual([]);
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: withCookie(cookie, csrf), payload });
    expect(right.statusCode).toBe(201);
    const bearer = await t.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: t.auth(carol.token), payload });
    expect(bearer.statusCode).toBe(201);
  });

  it('signs in with an API token (the bootstrap admin token opens the web app)', async () => {
    nextIp();
    const response = await signIn({ token: t.adminToken });
    expect(response.statusCode).toBe(201);
    const body = response.json<SessionBody>();
    expect(body.via).toBe('token');
    expect(body.user.role).toBe('admin');
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: withCookie(cookieOf(response)) });
    expect(users.statusCode).toBe(200);
    const bad = await signIn({ token: 'hks_not-a-token' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('invalid_credentials');
    const both = await signIn({ token: t.adminToken, email: 'a@b.c' });
    expect(both.statusCode).toBe(400);
  });

  it('answers a wrong password and an unknown email alike, and limits failures per account (429, Retry-After)', async () => {
    nextIp();
    const dave = await userWithPassword();
    const unknown = await signIn({ email: 'nobody@example.test', password: PASSWORD });
    const wrong = await signIn({ email: dave.user.email, password: 'wrong password' });
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json()).toEqual(wrong.json());
    for (let i = 0; i < 4; i += 1) expect((await signIn({ email: dave.user.email, password: 'nope nope nope' })).statusCode).toBe(401);
    t.clock.advance(60_000);
    nextIp(); // another address: the account's own limit still holds
    const limited = await signIn({ email: dave.user.email, password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(14 * 60));
    expect(limited.json<{ error: { code: string } }>().error.code).toBe('too_many_attempts');
    t.clock.advance(14 * 60_000);
    expect((await signIn({ email: dave.user.email, password: PASSWORD })).statusCode).toBe(201);
  });

  it('limits failures per address across accounts', async () => {
    nextIp();
    const erin = await userWithPassword();
    for (let i = 0; i < 20; i += 1) {
      expect((await signIn({ email: `guess-${i}@example.test`, password: 'guess guess guess' })).statusCode).toBe(401);
    }
    const limited = await signIn({ email: erin.user.email, password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(15 * 60));
    expect((await signIn({ token: t.adminToken })).statusCode).toBe(429);
    nextIp();
    expect((await signIn({ email: erin.user.email, password: PASSWORD })).statusCode).toBe(201);
    t.clock.advance(15 * 60_000);
  });

  it('slides the expiry with use, ends an idle session after 7 days and any session after 30', async () => {
    nextIp();
    const frank = await userWithPassword();
    const idle = await session(frank);
    const busy = await session(frank);
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: withCookie(cookie) });
    for (let day = 0; day < 4; day += 1) {
      t.clock.advance(6 * DAY);
      expect((await me(busy.cookie)).statusCode).toBe(200);
    }
    expect((await me(idle.cookie)).statusCode).toBe(401);
    t.clock.advance(5 * DAY); // day 29
    expect((await me(busy.cookie)).statusCode).toBe(200);
    t.clock.advance(2 * DAY); // day 31: past the 30-day limit although used 2 days ago
    expect((await me(busy.cookie)).statusCode).toBe(401);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    nextIp();
    const gina = await userWithPassword();
    const { cookie, csrf } = await session(gina);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: withCookie(cookie, csrf) });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toBe('hikeshi_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: withCookie(cookie) })).statusCode).toBe(401);
  });

  it('lets users change their own password (with the current one) and admins reset anyone’s; other sessions end', async () => {
    nextIp();
    const hank = await userWithPassword('viewer');
    const ivy = await userWithPassword('viewer');
    const mine = await session(hank);
    const other = await session(hank);
    const put = (id: string, headers: Record<string, string>, payload: object) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/users/${id}/password`, headers, payload });

    const noCurrent = await put(hank.user.id, withCookie(mine.cookie, mine.csrf), { password: 'a brand new secret' });
    expect(noCurrent.statusCode).toBe(401);
    const short = await put(hank.user.id, withCookie(mine.cookie, mine.csrf), { password: 'short', currentPassword: PASSWORD });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('password');
    const notYours = await put(ivy.user.id, withCookie(mine.cookie, mine.csrf), { password: 'a brand new secret' });
    expect(notYours.statusCode).toBe(403);

    const changed = await put(hank.user.id, withCookie(mine.cookie, mine.csrf), { password: 'a brand new secret', currentPassword: PASSWORD });
    expect(changed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: withCookie(mine.cookie) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: withCookie(other.cookie) })).statusCode).toBe(401);
    expect((await signIn({ email: hank.user.email, password: PASSWORD })).statusCode).toBe(401);
    expect((await signIn({ email: hank.user.email, password: 'a brand new secret' })).statusCode).toBe(201);

    const reset = await put(hank.user.id, t.auth(t.adminToken), { password: 'reset by the admin' });
    expect(reset.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: withCookie(mine.cookie) })).statusCode).toBe(401);
  });

  it('authenticates the live stream (SSE) by the session cookie', async () => {
    nextIp();
    const jane = await userWithPassword('viewer');
    const { cookie } = await session(jane);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = t.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: withCookie(cookie), signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      controller.abort();
      const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/events`);
      expect(anonymous.status).toBe(401);
    } finally {
      await t.app.close();
    }
  });
});
