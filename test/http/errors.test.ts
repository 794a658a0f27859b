import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../src/adapters/http/errors.ts';
import { defineRoute, type RouteDefinition } from '../../src/adapters/http/route.ts';
import { allRoutes } from '../../src/adapters/http/routes.ts';
import { blocker, BLOCKER_CODES } from '../../src/domain/blockers.ts';
import { DomainError, ERROR_CODES } from '../../src/domain/errors.ts';
import { blockerMessages, errorMessages, transportMessages } from '../../src/i18n/messages.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

const probe = (operationId: string, handler: RouteDefinition['handler']): RouteDefinition =>
  defineRoute({
    method: 'GET',
    url: `/api/v1/test/${operationId}`,
    operationId,
    summary: operationId,
    tags: ['test'],
    auth: 'viewer',
    responses: { 200: { description: 'never' } },
    handler,
  });

const probes: RouteDefinition[] = [
  probe('boom', () => {
    throw new Error('kaboom: something internal at /srv/hikeshi/secret.ts:12');
  }),
  probe('blocked', () => {
    throw new DomainError('transition_blocked', { from: 'triage', to: 'responding' }, [
      blocker('severity_required', ['responder']),
      blocker('task_open', ['investigator'], { task: 'check_logs', titleJa: 'ログを確認する', titleEn: 'Check the logs' }),
    ]);
  }),
  probe('unique', async ({ deps }) => {
    await deps.app.db.insertInto('workspaces').values({ id: 'default', name: 'again' }).execute();
  }),
  probe('baduuid', async ({ deps }) => {
    await sql`select id from users where id = ${'not-a-uuid'}::uuid`.execute(deps.app.db);
  }),
  probe('serialization', () => {
    throw Object.assign(new Error('could not serialize access'), { code: '40001' });
  }),
];

function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|stack/i);
}

describe('the error table', () => {
  it('gives every error code a status, and every code and blocker a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(errorMessages[code].ja, code).not.toBe('');
      expect(errorMessages[code].en, code).not.toBe('');
    }
    for (const code of BLOCKER_CODES) {
      expect(blockerMessages[code].ja, code).not.toBe('');
      expect(blockerMessages[code].en, code).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages (but for localized params)', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => (m[1] ?? '').replace(/(Ja|En)$/, '')).sort();
    for (const [code, text] of Object.entries({ ...errorMessages, ...transportMessages, ...blockerMessages })) {
      expect(placeholders(text.ja), code).toEqual(placeholders(text.en));
    }
  });
});

describe.each(testDatabaseKinds())('HTTP errors (%s)', (kind) => {
  let server: TestServer;
  const logs: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, {
      routes: [...allRoutes, ...probes],
      server: { logLevel: 'info', logStream: { write: (line) => logs.push(line) } },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const admin = () => server.auth(server.adminToken);
  const bodies: string[] = [];
  async function call(options: InjectOptions) {
    const response = await server.app.inject(options);
    bodies.push(response.body);
    return response;
  }
  const createUser = (payload: string | object, headers: Record<string, string> = {}) =>
    call({ method: 'POST', url: '/api/v1/users', headers: { ...admin(), ...headers }, payload });

  it('malformed JSON → 400 invalid_json', async () => {
    const response = await createUser('{"name": "x",', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
  });

  it('a missing body → 400 naming the body', async () => {
    const response = await call({ method: 'POST', url: '/api/v1/users', headers: admin() });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'body' }] } });
  });

  it('wrong types and unknown fields → 400 naming each field, in the caller’s language', async () => {
    const response = await createUser(
      { name: 'N', email: 'n@example.test', role: 'viewer', locale: 42, severity: 'SEV1' },
      { 'accept-language': 'ja' },
    );
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; message: string; details: { field: string; message: string }[] } }>();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('入力が正しくありません: locale, severity');
    expect(error.details.map((d) => d.field)).toEqual(['locale', 'severity']);
    expect(error.details[0]?.message).toMatch(/^無効な選択/);
    expect(error.details[1]?.message).toBe('認識されていないキー: "severity"');
  });

  it('an oversized body → 413 payload_too_large', async () => {
    const response = await createUser({ name: 'x'.repeat(1100 * 1024), email: 'big@example.test', role: 'viewer' });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The request body is too large (limit: 1048576 bytes).' },
    });
  });

  it('a body that is not JSON → 415', async () => {
    const response = await createUser('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('unsupported_media_type');
    const text = await createUser('hello', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
  });

  it('an unknown route → 404 not_found; a known path with another method → 405 with Allow', async () => {
    const missing = await call({ method: 'GET', url: '/api/v1/nothing-here?x=1', headers: admin() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'not_found', message: 'Not found: GET /api/v1/nothing-here.', details: { what: 'GET /api/v1/nothing-here' } },
    });
    const wrongMethod = await call({ method: 'PUT', url: '/api/v1/users/123', headers: admin(), payload: {} });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('GET, HEAD, PATCH');
    expect(wrongMethod.json<{ error: { code: string } }>().error.code).toBe('method_not_allowed');
  });

  it('an unknown id → 404', async () => {
    const response = await call({ method: 'GET', url: '/api/v1/users/4f6f2b7e-1f7a-4f5e-9d59-0d6c5b1e2a11', headers: admin() });
    expect(response.statusCode).toBe(404);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('user_not_found');
  });

  it('no token, a wrong token or a malformed header → 401 unauthenticated with WWW-Authenticate', async () => {
    for (const headers of [{}, { authorization: 'Bearer hks_wrong' }, { authorization: `Basic ${server.adminToken}` }]) {
      const response = await call({ method: 'GET', url: '/api/v1/me', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="hikeshi"');
      expect(response.json()).toEqual({
        error: { code: 'unauthenticated', message: 'Sign in or send a valid API token (Authorization: Bearer …).' },
      });
    }
  });

  it('checks the token before the input: no token and a bad body → 401', async () => {
    const response = await call({ method: 'POST', url: '/api/v1/users', payload: { bogus: true } });
    expect(response.statusCode).toBe(401);
  });

  it('a viewer on an admin route → 403 forbidden', async () => {
    const { token } = await server.createUser('viewer');
    const response = await call({ method: 'POST', url: '/api/v1/users', headers: server.auth(token), payload: {} });
    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('forbidden');
  });

  it('transition_blocked lists each blocker with its localized message and who can lift it', async () => {
    const en = await call({ method: 'GET', url: '/api/v1/test/blocked', headers: admin() });
    expect(en.statusCode).toBe(409);
    expect(en.json()).toEqual({
      error: {
        code: 'transition_blocked',
        message: 'Cannot move from triage to responding yet. The details say what is missing.',
        details: [
          { code: 'severity_required', message: 'Set a severity first (SEV1–SEV3). Any responder can do it.', who: ['responder'] },
          { code: 'task_open', message: 'A task is still open: Check the logs. The investigator does it.', who: ['investigator'] },
        ],
      },
    });
    const ja = await call({ method: 'GET', url: '/api/v1/test/blocked', headers: { ...admin(), 'accept-language': 'ja' } });
    expect(ja.json()).toEqual({
      error: {
        code: 'transition_blocked',
        message: 'まだ「トリアージ」から「対応中」へ移れません。足りないものは詳細を見てください。',
        details: [
          {
            code: 'severity_required',
            message: '先に重大度（SEV1〜SEV3）を設定してください。対応者なら誰でも設定できます。',
            who: ['responder'],
          },
          { code: 'task_open', message: '未完了のタスクがあります: ログを確認する。調査担当が行います。', who: ['investigator'] },
        ],
      },
    });
  });

  it('maps database errors: unique violation and serialization failure → 409, malformed uuid → 404', async () => {
    const unique = await call({ method: 'GET', url: '/api/v1/test/unique', headers: admin() });
    expect(unique.statusCode).toBe(409);
    expect(unique.json<{ error: { code: string } }>().error.code).toBe('conflict');
    const serialization = await call({ method: 'GET', url: '/api/v1/test/serialization', headers: admin() });
    expect(serialization.statusCode).toBe(409);
    const badUuid = await call({ method: 'GET', url: '/api/v1/test/baduuid', headers: admin() });
    expect(badUuid.statusCode).toBe(404);
    expect(badUuid.json()).toEqual({ error: { code: 'not_found', message: 'Not found: the requested resource.' } });
  });

  it('an unexpected error → 500 internal without details, logged server-side without the token', async () => {
    const response = await call({ method: 'GET', url: '/api/v1/test/boom', headers: admin() });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'internal',
        message: 'Something went wrong on the server. Try again later; tell an admin if it keeps happening.',
      },
    });
    const logged = logs.join('\n');
    expect(logged).toContain('kaboom');
    expect(logged).not.toContain(server.adminToken);
  });

  it('never puts a stack trace or file path in an error body', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expectNoInternals(body);
  });

  it('GET /healthz → 200 {"status":"ok"} without a token', async () => {
    const response = await call({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe.each(testDatabaseKinds())('GET /healthz without a database (%s)', (kind) => {
  it('answers 503 when the database does not answer', async () => {
    const server = await startTestServer(kind);
    try {
      await server.store.close();
      const response = await server.app.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable' });
    } finally {
      await server.close();
    }
  });
});
