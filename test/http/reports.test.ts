import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_START, startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

type Json = Record<string, unknown>;

/** An answer: status and parsed JSON body. */
interface Answer {
  status: number;
  body: Json;
}

const MINUTE = 60_000;
const at = (minutes: number): string => new Date(TEST_START.getTime() + minutes * MINUTE).toISOString();

describe.each(testDatabaseKinds())('reports on %s', (kind) => {
  let server: TestServer;
  let reporter: TestUser;
  let responder: TestUser;

  beforeEach(async () => {
    server = await startTestServer(kind);
    reporter = await server.createUser('viewer');
    responder = await server.createUser('responder');
  });
  afterEach(async () => {
    await server.close();
  });

  async function call(
    method: 'GET' | 'POST',
    url: string,
    token: string,
    payload?: Json,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await server.app.inject({ method, url, headers: { ...server.auth(token), ...headers }, payload });
    return { status: res.statusCode, body: res.json<Answer['body']>() };
  }

  async function report(token: string, payload: Json = {}): Promise<Json> {
    const res = await call('POST', '/api/v1/reports', token, { source: 'internal', title: 'Something is off', ...payload });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function declareIncident(payload: Json = {}): Promise<Json> {
    const res = await call('POST', '/api/v1/incidents', responder.token, { title: 'Checkout errors', ...payload });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function timelineTypes(incidentId: string): Promise<string[]> {
    const res = await call('GET', `/api/v1/incidents/${incidentId}/timeline`, responder.token);
    expect(res.status).toBe(200);
    return (res.body['items'] as { type: string }[]).map((e) => e.type);
  }

  async function incidentEvents(incidentId: string, type: string): Promise<Json[]> {
    const res = await call('GET', `/api/v1/incidents/${incidentId}/timeline?type=${type}`, responder.token);
    expect(res.status).toBe(200);
    return (res.body['items'] as { data: Json }[]).map((e) => e.data);
  }

  const errorCode = (res: Answer): unknown => (res.body['error'] as Json | undefined)?.['code'];

  it('create → claim → answers → declare makes the incident from the report', async () => {
    const created = await report(reporter.token, {
      source: 'inquiry',
      title: 'Users cannot log in on Android',
      description: 'Three inquiries since 9:00',
      detectedAt: at(-30),
    });
    const reportId = created['id'] as string;
    expect(created).toEqual({
      id: reportId,
      number: 1,
      source: 'inquiry',
      title: 'Users cannot log in on Android',
      description: 'Three inquiries since 9:00',
      status: 'reported',
      isPrivate: false,
      assigneeId: null,
      createdBy: reporter.user.id,
      answers: {},
      suggestion: 'undecided',
      incidentId: null,
      dismissReason: null,
      detectedAt: at(-30),
      reportedAt: at(0),
      statusChangedAt: at(0),
    });

    server.clock.advance(2 * MINUTE);
    const claimed = await call('POST', `/api/v1/reports/${reportId}/claim`, responder.token);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'investigating', assigneeId: responder.user.id, statusChangedAt: at(2) });

    const first = await call('POST', `/api/v1/reports/${reportId}/answers`, responder.token, { answers: { users_affected: true } });
    expect(first).toEqual({ status: 200, body: { answers: { users_affected: true }, suggestion: 'declare' } });
    const second = await call('POST', `/api/v1/reports/${reportId}/answers`, responder.token, {
      answers: { revenue_affected: false, security_risk: false },
    });
    expect(second).toEqual({
      status: 200,
      body: { answers: { users_affected: true, revenue_affected: false, security_risk: false }, suggestion: 'declare' },
    });

    server.clock.advance(3 * MINUTE);
    const declared = await call('POST', `/api/v1/reports/${reportId}/declare`, responder.token, {
      severity: 'SEV2',
      platforms: ['android'],
    });
    expect(declared.status).toBe(201);
    const incident = declared.body;
    const incidentId = incident['id'] as string;
    expect(incident).toMatchObject({
      number: 1,
      title: 'Users cannot log in on Android',
      summary: 'Three inquiries since 9:00',
      severity: 'SEV2',
      status: 'responding',
      platforms: ['android'],
      isPrivate: false,
    });
    expect(incident['milestones']).toMatchObject({ detectedAt: at(-30), reportedAt: at(0), declaredAt: at(5) });

    const after = await call('GET', `/api/v1/reports/${reportId}`, reporter.token);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'declared', incidentId, statusChangedAt: at(5), suggestion: 'declare' });
    expect((after.body['timeline'] as { type: string }[]).map((e) => e.type)).toEqual([
      'report.created',
      'report.claimed',
      'report.answered',
      'report.answered',
      'report.declared',
    ]);

    const members = await server.store.db
      .selectFrom('incident_members')
      .select('user_id')
      .where('incident_id', '=', incidentId)
      .orderBy('user_id')
      .execute();
    expect(members.map((m) => m.user_id)).toEqual([reporter.user.id, responder.user.id].sort());
    expect(await incidentEvents(incidentId, 'incident.report_linked')).toEqual([
      { reportId, reportNumber: 1, title: 'Users cannot log in on Android', source: 'inquiry' },
    ]);
    expect((await timelineTypes(incidentId)).slice(0, 2)).toEqual(['incident.declared', 'incident.report_linked']);
  });

  it('declare from a private report makes a private incident the reporter can see', async () => {
    const created = await report(reporter.token, { title: 'Leaked tokens in logs', isPrivate: true });
    const declared = await call('POST', `/api/v1/reports/${created['id'] as string}/declare`, server.adminToken, {
      title: 'Token leak',
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ title: 'Token leak', summary: '', isPrivate: true, status: 'triage', severity: null });
    const incidentId = declared.body['id'] as string;
    expect((await call('GET', `/api/v1/incidents/${incidentId}`, reporter.token)).status).toBe(200);
    expect((await call('GET', `/api/v1/incidents/${incidentId}`, responder.token)).status).toBe(404);
  });

  it('GET one shows the definition questions in the caller’s language and no alerts yet', async () => {
    const created = await report(reporter.token);
    const id = created['id'] as string;
    await call('POST', `/api/v1/reports/${id}/answers`, responder.token, { answers: { security_risk: false } });
    const ja = await call('GET', `/api/v1/reports/${id}`, reporter.token, undefined, { 'accept-language': 'ja' });
    expect(ja.status).toBe(200);
    expect(ja.body['alerts']).toEqual([]);
    expect(ja.body['questions']).toEqual([
      {
        key: 'users_affected',
        text: '1人以上のユーザーが通常運用できない状態ですか?(ログイン不可、画面が真っ白で操作不能など)',
        yesMeansIncident: true,
        answer: null,
      },
      {
        key: 'revenue_affected',
        text: '企業の収益に影響を及ぼしていますか?(決済の停止、動画の視聴データが欠損し収益に関わる分析ができないなど)',
        yesMeansIncident: true,
        answer: null,
      },
      {
        key: 'security_risk',
        text: 'セキュリティ上のリスクがあり、ユーザーや企業の信用を損ねる可能性がありますか?',
        yesMeansIncident: true,
        answer: false,
      },
    ]);
    const en = await call('GET', `/api/v1/reports/${id}`, reporter.token, undefined, { 'accept-language': 'en' });
    expect((en.body['questions'] as { text: string }[]).map((q) => q.text)[0]).toBe(
      'Can one or more users not use the service normally? (e.g. cannot log in, blank screen)',
    );
  });

  it('answers: every "no" suggests dismiss; an unknown question is refused naming the field', async () => {
    const id = (await report(reporter.token))['id'] as string;
    const allNo = await call('POST', `/api/v1/reports/${id}/answers`, responder.token, {
      answers: { users_affected: false, revenue_affected: false, security_risk: false },
    });
    expect(allNo.body['suggestion']).toBe('dismiss');
    const unknown = await call('POST', `/api/v1/reports/${id}/answers`, responder.token, { answers: { is_it_bad: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body['error']).toMatchObject({ code: 'validation_failed', details: [{ field: 'answers.is_it_bad' }] });
  });

  it('dismiss requires a reason and creates an improvement ticket', async () => {
    const created = await report(reporter.token, { title: 'Slow admin page' });
    const id = created['id'] as string;
    const missing = await call('POST', `/api/v1/reports/${id}/dismiss`, responder.token, {});
    expect(missing.status).toBe(400);
    expect(missing.body['error']).toMatchObject({ code: 'validation_failed', details: [{ field: 'reason' }] });
    const blank = await call('POST', `/api/v1/reports/${id}/dismiss`, responder.token, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body['error']).toMatchObject({ code: 'validation_failed', details: [{ field: 'reason' }] });
    expect((await call('GET', `/api/v1/reports/${id}`, responder.token)).body['status']).toBe('reported');

    server.clock.advance(MINUTE);
    const dismissed = await call('POST', `/api/v1/reports/${id}/dismiss`, responder.token, { reason: 'Only internal users, known slow query' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      id,
      status: 'dismissed',
      dismissReason: 'Only internal users, known slow query',
      statusChangedAt: at(1),
    });
    const tickets = await call('GET', '/api/v1/improvement-tickets', reporter.token);
    expect(tickets).toEqual({
      status: 200,
      body: {
        items: [
          {
            id: dismissed.body['ticketId'],
            reportId: id,
            reportNumber: 1,
            title: 'Slow admin page',
            reason: 'Only internal users, known slow query',
            createdBy: responder.user.id,
            createdAt: at(1),
          },
        ],
        nextCursor: null,
      },
    });
  });

  it('merge into an active incident adds the report to its timeline', async () => {
    const incident = await declareIncident({ severity: 'SEV3', platforms: ['web'] });
    const incidentId = incident['id'] as string;
    const created = await report(reporter.token, { source: 'monitoring', title: 'Checkout 5xx alert' });
    const id = created['id'] as string;
    const merged = await call('POST', `/api/v1/reports/${id}/merge`, responder.token, { incidentId });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id, status: 'merged', incidentId });
    expect(await incidentEvents(incidentId, 'incident.report_merged')).toEqual([
      { reportId: id, reportNumber: 1, title: 'Checkout 5xx alert', source: 'monitoring' },
    ]);
    const row = await server.store.db.selectFrom('incidents').select('last_signal_at').where('id', '=', incidentId).executeTakeFirstOrThrow();
    expect(row.last_signal_at).toBeNull();
    const reportTimeline = (await call('GET', `/api/v1/reports/${id}`, responder.token)).body['timeline'] as Json[];
    expect(reportTimeline.map((e) => [e['type'], e['data']])).toEqual([
      ['report.created', { number: 1, source: 'monitoring', title: 'Checkout 5xx alert' }],
      ['report.merged', { incidentId, incidentNumber: 1 }],
    ]);
  });

  it('merge into a monitoring incident restarts the convergence watch', async () => {
    const incidentId = (await declareIncident({ severity: 'SEV3', platforms: ['web'] }))['id'] as string;
    const release = await call('POST', `/api/v1/incidents/${incidentId}/releases`, responder.token, { platform: 'web', kind: 'fix' });
    expect(release.status).toBe(201);
    const monitoring = await call('POST', `/api/v1/incidents/${incidentId}/status`, responder.token, { status: 'monitoring' });
    expect(monitoring.status).toBe(200);
    server.clock.advance(10 * MINUTE);
    const id = (await report(reporter.token))['id'] as string;
    expect((await call('POST', `/api/v1/reports/${id}/merge`, responder.token, { incidentId })).status).toBe(200);
    const row = await server.store.db
      .selectFrom('incidents')
      .select(['status', 'last_signal_at'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'monitoring', last_signal_at: new Date(at(10)) });
  });

  it('merge into a closed, canceled, unknown or invisible incident is refused', async () => {
    const id = (await report(reporter.token))['id'] as string;
    const merge = (incidentId: unknown) => call('POST', `/api/v1/reports/${id}/merge`, responder.token, { incidentId });

    const unknown = await merge(randomUUID());
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'incident_not_found']);

    const notAnId = await merge('INC-1');
    expect(notAnId.status).toBe(400);
    expect(notAnId.body['error']).toMatchObject({ code: 'validation_failed', details: [{ field: 'incidentId' }] });

    const canceledId = (await declareIncident())['id'] as string;
    const cancel = await call('POST', `/api/v1/incidents/${canceledId}/status`, server.adminToken, { status: 'canceled', note: 'false alarm' });
    expect(cancel.status).toBe(200);
    const canceled = await merge(canceledId);
    expect([canceled.status, errorCode(canceled)]).toEqual([409, 'incident_finished']);

    // Reaching `closed` through the API takes a published postmortem; the row is set directly.
    const closedId = (await declareIncident())['id'] as string;
    await server.store.db.updateTable('incidents').set({ status: 'closed', closed_at: new Date(at(0)) }).where('id', '=', closedId).execute();
    const closed = await merge(closedId);
    expect([closed.status, errorCode(closed)]).toEqual([409, 'incident_finished']);

    const privateRes = await call('POST', '/api/v1/incidents', server.adminToken, { title: 'Secret', isPrivate: true });
    const invisible = await merge(privateRes.body['id']);
    expect([invisible.status, errorCode(invisible)]).toEqual([404, 'incident_not_found']);

    const after = await call('GET', `/api/v1/reports/${id}`, responder.token);
    expect(after.body).toMatchObject({ status: 'reported', incidentId: null });
    expect((after.body['timeline'] as Json[]).map((e) => e['type'])).toEqual(['report.created']);
  });

  it('a finished report refuses every further step with 409 report_finished', async () => {
    const activeIncident = (await declareIncident())['id'] as string;
    const declared = (await report(reporter.token))['id'] as string;
    expect((await call('POST', `/api/v1/reports/${declared}/declare`, responder.token, {})).status).toBe(201);
    const dismissed = (await report(reporter.token))['id'] as string;
    expect((await call('POST', `/api/v1/reports/${dismissed}/dismiss`, responder.token, { reason: 'noise' })).status).toBe(200);
    const merged = (await report(reporter.token))['id'] as string;
    expect((await call('POST', `/api/v1/reports/${merged}/merge`, responder.token, { incidentId: activeIncident })).status).toBe(200);

    const steps: [string, Json][] = [
      ['claim', {}],
      ['answers', { answers: { users_affected: true } }],
      ['declare', {}],
      ['dismiss', { reason: 'again' }],
      ['merge', { incidentId: activeIncident }],
    ];
    const results: [string, string, number, unknown][] = [];
    for (const [id, status] of [[declared, 'declared'], [dismissed, 'dismissed'], [merged, 'merged']] as const) {
      for (const [step, payload] of steps) {
        const res = await call('POST', `/api/v1/reports/${id}/${step}`, responder.token, payload);
        results.push([status, step, res.status, errorCode(res)]);
      }
    }
    expect(results).toEqual(
      ['declared', 'dismissed', 'merged'].flatMap((status) =>
        steps.map(([step]) => [status, step, 409, 'report_finished']),
      ),
    );
    const incidents = await server.store.db.selectFrom('incidents').select('id').execute();
    expect(incidents).toHaveLength(2);
    const tickets = await server.store.db.selectFrom('improvement_tickets').select('report_id').execute();
    expect(tickets).toEqual([{ report_id: dismissed }]);
  });

  it('two outcomes racing on one report: exactly one wins, the other gets 409', async () => {
    const id = (await report(reporter.token))['id'] as string;
    const [dismiss, declare] = await Promise.all([
      call('POST', `/api/v1/reports/${id}/dismiss`, responder.token, { reason: 'noise' }),
      call('POST', `/api/v1/reports/${id}/declare`, responder.token, {}),
    ]);
    const outcomes = [
      [dismiss.status, errorCode(dismiss)],
      [declare.status, errorCode(declare)],
    ];
    const won = dismiss.status === 200 ? 'dismissed' : 'declared';
    expect(outcomes).toEqual(
      won === 'dismissed'
        ? [[200, undefined], [409, 'report_finished']]
        : [[409, 'report_finished'], [201, undefined]],
    );
    expect((await call('GET', `/api/v1/reports/${id}`, responder.token)).body['status']).toBe(won);
  });

  it('a viewer can report and read but cannot triage (403)', async () => {
    const id = (await report(reporter.token))['id'] as string;
    const incidentId = (await declareIncident())['id'] as string;
    expect((await call('GET', `/api/v1/reports/${id}`, reporter.token)).status).toBe(200);
    const attempts: [string, Json][] = [
      ['claim', {}],
      ['answers', { answers: { users_affected: true } }],
      ['declare', {}],
      ['dismiss', { reason: 'noise' }],
      ['merge', { incidentId }],
    ];
    const results = [];
    for (const [step, payload] of attempts) {
      const res = await call('POST', `/api/v1/reports/${id}/${step}`, reporter.token, payload);
      results.push([step, res.status, errorCode(res)]);
    }
    expect(results).toEqual(attempts.map(([step]) => [step, 403, 'forbidden']));
    expect((await call('GET', `/api/v1/reports/${id}`, reporter.token)).body['status']).toBe('reported');
  });

  it('lists filter by status and source and page newest first', async () => {
    const ids: string[] = [];
    const sources = ['monitoring', 'inquiry', 'internal', 'monitoring', 'inquiry'];
    for (const source of sources) {
      ids.push((await report(reporter.token, { source, title: `r${ids.length + 1}` }))['id'] as string);
      server.clock.advance(MINUTE);
    }
    const [r1, r2, r3, r4, r5] = ids as [string, string, string, string, string];
    await call('POST', `/api/v1/reports/${r2}/claim`, responder.token);
    await call('POST', `/api/v1/reports/${r3}/dismiss`, responder.token, { reason: 'noise' });
    await call('POST', `/api/v1/reports/${r4}/claim`, responder.token);

    const list = async (query: string) => {
      const res = await call('GET', `/api/v1/reports${query}`, reporter.token);
      expect(res.status).toBe(200);
      return { ids: (res.body['items'] as Json[]).map((r) => r['id']), nextCursor: res.body['nextCursor'] as string | null };
    };
    expect((await list('')).ids).toEqual([r5, r4, r3, r2, r1]);
    expect((await list('?status=reported')).ids).toEqual([r5, r1]);
    expect((await list('?status=reported,investigating')).ids).toEqual([r5, r4, r2, r1]);
    expect((await list('?status=investigating&status=dismissed')).ids).toEqual([r4, r3, r2]);
    expect((await list('?source=monitoring')).ids).toEqual([r4, r1]);
    expect((await list('?source=inquiry&status=investigating')).ids).toEqual([r2]);

    const first = await list('?limit=2');
    expect(first.ids).toEqual([r5, r4]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?limit=2&cursor=${first.nextCursor ?? ''}`);
    expect(second.ids).toEqual([r3, r2]);
    const third = await list(`?limit=2&cursor=${second.nextCursor ?? ''}`);
    expect(third).toEqual({ ids: [r1], nextCursor: null });

    const filtered = await list('?limit=1&status=reported');
    expect(filtered.ids).toEqual([r5]);
    expect(await list(`?limit=1&status=reported&cursor=${filtered.nextCursor ?? ''}`)).toEqual({ ids: [r1], nextCursor: null });

    const badStatus = await call('GET', '/api/v1/reports?status=open', reporter.token);
    expect([badStatus.status, errorCode(badStatus)]).toEqual([400, 'validation_failed']);
    const badCursor = await call('GET', '/api/v1/reports?cursor=nonsense', reporter.token);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body['error']).toMatchObject({ code: 'validation_failed', details: [{ field: 'cursor' }] });
  });

  it('reports made at the same instant page by id, none lost or repeated', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await report(reporter.token, { title: `same ${i}` }))['id'] as string);
    const expected = [...ids].sort().reverse();
    const seen: unknown[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await call('GET', `/api/v1/reports?limit=2${cursor ? `&cursor=${cursor}` : ''}`, reporter.token);
      seen.push(...(res.body['items'] as Json[]).map((r) => r['id']));
      cursor = res.body['nextCursor'] as string | null;
    }
    expect(seen).toEqual(expected);
  });

  it('a private report is seen only by its creator, its assignee and admins', async () => {
    const other = await server.createUser('responder');
    const id = (await report(reporter.token, { title: 'Possible data leak', isPrivate: true }))['id'] as string;
    const publicId = (await report(reporter.token, { title: 'Public one' }))['id'] as string;

    expect((await call('GET', `/api/v1/reports/${id}`, reporter.token)).status).toBe(200);
    const hidden = await call('GET', `/api/v1/reports/${id}`, other.token);
    expect([hidden.status, errorCode(hidden)]).toEqual([404, 'report_not_found']);
    const claimHidden = await call('POST', `/api/v1/reports/${id}/claim`, other.token);
    expect([claimHidden.status, errorCode(claimHidden)]).toEqual([404, 'report_not_found']);
    const listed = await call('GET', '/api/v1/reports', other.token);
    expect((listed.body['items'] as Json[]).map((r) => r['id'])).toEqual([publicId]);

    const adminList = await call('GET', '/api/v1/reports', server.adminToken);
    expect((adminList.body['items'] as Json[]).map((r) => r['id'])).toEqual([publicId, id].sort().reverse());
    expect((await call('POST', `/api/v1/reports/${id}/claim`, server.adminToken)).status).toBe(200);

    // Handing the investigation to someone lets them see it (there is no API to assign another user).
    await server.store.db.updateTable('reports').set({ assignee_id: other.user.id }).where('id', '=', id).execute();
    expect((await call('GET', `/api/v1/reports/${id}`, other.token)).status).toBe(200);
    await server.store.db.updateTable('reports').set({ assignee_id: null }).where('id', '=', id).execute();

    await call('POST', `/api/v1/reports/${id}/dismiss`, server.adminToken, { reason: 'Test data, not real users' });
    const tickets = await call('GET', '/api/v1/improvement-tickets', other.token);
    expect(tickets.body['items']).toEqual([]);
    const ownTickets = await call('GET', '/api/v1/improvement-tickets', reporter.token);
    expect((ownTickets.body['items'] as Json[]).map((t) => t['reportId'])).toEqual([id]);
  });

  it('the OpenAPI document describes every report route', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    const described = Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/v1/reports') || path === '/api/v1/improvement-tickets')
      .map(([path, operations]) => `${Object.keys(operations).sort().join(',')} ${path}`)
      .sort();
    expect(described).toEqual([
      'get /api/v1/improvement-tickets',
      'get /api/v1/reports/{id}',
      'get,post /api/v1/reports',
      'post /api/v1/reports/{id}/answers',
      'post /api/v1/reports/{id}/claim',
      'post /api/v1/reports/{id}/declare',
      'post /api/v1/reports/{id}/dismiss',
      'post /api/v1/reports/{id}/merge',
    ]);
  });

  it('an unknown report is 404 whatever the id looks like', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '42']) {
      const get = await call('GET', `/api/v1/reports/${id}`, responder.token);
      expect([get.status, errorCode(get)]).toEqual([404, 'report_not_found']);
      const claim = await call('POST', `/api/v1/reports/${id}/claim`, responder.token);
      expect([claim.status, errorCode(claim)]).toEqual([404, 'report_not_found']);
    }
  });

  it('numbers stay gap-free under 10 concurrent creates', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call('POST', '/api/v1/reports', reporter.token, { source: 'monitoring', title: `alert ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 201));
    const numbers = results.map((r) => r.body['number'] as number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const next = await report(reporter.token);
    expect(next['number']).toBe(11);
  });
});
