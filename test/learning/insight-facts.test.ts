import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeInsights, incidentFacts, severitiesAbove, type MetricIncident } from '../../src/domain/metrics.ts';
import { peakOf } from '../../src/domain/metrics-facts.ts';
import { decodeFactsList, encodeFacts } from '../../src/store/insight-summaries.ts';
import { fetchInsightRows } from '../../src/store/insights-reference.ts';
import { startTestServer, TEST_START, type TestServer, type TestUser } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

/**
 * A request computes the insights from each incident's kept facts and from role holders and
 * actions counted in SQL under the filters (src/store/insights.ts); `computeInsights` over whole
 * incidents (src/store/insights-reference.ts) is the reference. These check that both agree, for
 * every viewer and filter, and keep agreeing as incidents change after a first read.
 */

const ORDER = ['SEV1', 'SEV2', 'SEV3'];
const MIN = 60_000;

describe('the severity filter in SQL (had it, and none more severe) is the peak severity', () => {
  it('agrees with peakOf for every list of held severities', () => {
    const pool = ['SEV3', 'SEV1', 'X', 'SEV2'];
    const lists: string[][] = [[]];
    for (const s of pool) for (const list of [...lists]) if (list.length < 4) lists.push([...list, s], [s, ...list]);
    for (const held of lists) {
      for (const severity of ORDER) {
        const filtered = held.includes(severity) && !held.some((h) => severitiesAbove(severity, ORDER).includes(h));
        expect([held, severity, filtered]).toEqual([held, severity, peakOf(held, ORDER) === severity]);
      }
    }
  });
});

describe('kept facts', () => {
  it('read back exactly as derived (every double, the stays in first-visit order)', () => {
    const incident: MetricIncident = {
      id: 'a',
      number: 1,
      severity: 'SEV2',
      service: 'payments',
      platforms: ['web'],
      status: 'responding',
      impactStartedAt: new Date(TEST_START.getTime() - 1),
      detectedAt: new Date(TEST_START.getTime() + 333),
      reportedAt: null,
      declaredAt: TEST_START,
      acknowledgedAt: new Date(TEST_START.getTime() + 7 * MIN + 1),
      mitigatedAt: null,
      resolvedAt: new Date(TEST_START.getTime() + 40 * MIN),
      postmortemPublishedAt: null,
      canceledAt: null,
      statusChanges: [
        { at: new Date(TEST_START.getTime() + 10 * MIN + 7), from: 'triage', to: 'responding' },
        { at: new Date(TEST_START.getTime() + 40 * MIN), from: 'responding', to: 'resolved' },
        { at: new Date(TEST_START.getTime() + 50 * MIN + 3), from: 'resolved', to: 'responding' },
      ],
      severityChanges: [{ at: new Date(TEST_START.getTime() + 5 * MIN), from: 'SEV3', to: 'SEV1' }],
      roles: [],
    };
    const facts = incidentFacts(incident);
    expect(facts).toMatchObject({ severities: ['SEV2', 'SEV3', 'SEV1'], isReopened: true, resolve: null, openStay: { status: 'responding' } });
    expect(Object.keys(facts.finishedStays)).toEqual(['triage', 'responding', 'resolved']);
    const twice = decodeFactsList([encodeFacts(facts), encodeFacts({ ...facts, openStay: null, isCanceled: true })].join(','));
    expect(twice).toEqual([facts, { ...facts, openStay: null, isCanceled: true }]);
    expect(Object.keys(twice[0]?.finishedStays ?? {})).toEqual(['triage', 'responding', 'resolved']);
  });
});

describe.each(testDatabaseKinds())('insights from kept facts and SQL counts on %s', (kind) => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeEach(async () => {
    t = await startTestServer(kind);
    t.clock.set(TEST_START);
    alice = await t.createUser('responder', { name: 'Alice' });
    bob = await t.createUser('responder', { name: 'Bob' });
    carol = await t.createUser('responder', { name: 'Carol' });
  });
  afterEach(async () => {
    await t.close();
  });

  async function call(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    const response = await t.app.inject({ method, url, headers: t.auth(token), ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }
  async function ok(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object): Promise<Record<string, unknown>> {
    t.clock.advance(7 * MIN);
    const r = await call(token, method, url, payload);
    expect(r.status < 300, `${method} ${url}: ${JSON.stringify(r.body)}`).toBe(true);
    return r.body;
  }
  async function declare(body: object): Promise<string> {
    return (await ok(alice.token, 'POST', '/api/v1/incidents', { platforms: ['web'], ...body }))['id'] as string;
  }
  const move = (id: string, status: string) => ok(t.adminToken, 'POST', `/api/v1/incidents/${id}/status`, { status });
  const command = (id: string, user: TestUser) => ok(t.adminToken, 'PUT', `/api/v1/incidents/${id}/roles/commander`, { userId: user.user.id });

  /** The request's answer and the reference's, for one viewer and query. */
  async function both(viewer: { token: string; userId: string | null }, query: Record<string, string>) {
    const from = TEST_START;
    const to = new Date(TEST_START.getTime() + 3 * 24 * 60 * MIN);
    const search = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket: 'day', ...query });
    const r = await call(viewer.token, 'GET', `/api/v1/insights?${search.toString()}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // The figures only: period, filters and asOf are the request's echo.
    const request = Object.fromEntries(Object.entries(r.body).filter(([key]) => !['period', 'filters', 'asOf'].includes(key)));
    const rows = await fetchInsightRows(t.store.db, { workspaceId: t.deps.app.workspaceId, from, to, visibleTo: viewer.userId });
    const reference = computeInsights({
      ...rows,
      severityOrder: ORDER,
      timezone: 'Asia/Tokyo',
      bucket: 'day',
      asOf: t.clock.now(),
      filters: { severity: query['severity'], service: query['service'], platform: query['platform'] },
    });
    return { request, reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown> };
  }

  async function expectAgreement(): Promise<number> {
    const viewers = [
      { token: t.adminToken, userId: null },
      { token: carol.token, userId: carol.user.id },
    ];
    const queries: Record<string, string>[] = [{}, { severity: 'SEV1' }, { severity: 'SEV2' }, { severity: 'SEV3' }, { service: 'payments' }, { platform: 'ios' }, { severity: 'SEV1', platform: 'web' }];
    let total = 0;
    for (const viewer of viewers) {
      for (const query of queries) {
        const { request, reference } = await both(viewer, query);
        expect([viewer.userId, query, request]).toEqual([viewer.userId, query, reference]);
        if (viewer.userId === null && Object.keys(query).length === 0) total = (request['incidents'] as { total: number }).total;
      }
    }
    return total;
  }

  it('agree for admins and members, under every filter, and after changes made since a first read', async () => {
    // Raised, lowered, reopened after its resolution, commanded by Bob twice (Carol in between).
    const a = await declare({ title: 'Checkout errors', severity: 'SEV3', commanderId: bob.user.id, investigatorId: alice.user.id });
    await ok(alice.token, 'POST', `/api/v1/incidents/${a}/severity`, { severity: 'SEV1' });
    await ok(alice.token, 'POST', `/api/v1/incidents/${a}/severity`, { severity: 'SEV2' });
    await command(a, carol);
    await command(a, bob);
    await ok(alice.token, 'POST', `/api/v1/incidents/${a}/releases`, { platform: 'web', kind: 'fix' });
    for (const s of ['monitoring', 'resolved', 'responding', 'monitoring', 'resolved', 'postmortem']) await move(a, s);
    await ok(alice.token, 'PUT', `/api/v1/incidents/${a}/service`, { service: 'payments' });
    await ok(alice.token, 'POST', `/api/v1/incidents/${a}/actions`, { title: 'Alert on errors', ownerId: bob.user.id, dueDate: '2025-04-02' });
    await ok(alice.token, 'POST', `/api/v1/incidents/${a}/actions`, { title: 'Retry budget', ownerId: bob.user.id, dueDate: '2025-04-20' });
    // Private: one Carol is a member of, one she is not.
    const b = await declare({ title: 'Card data', severity: 'SEV1', isPrivate: true, memberIds: [carol.user.id], commanderId: carol.user.id, platforms: ['ios'] });
    const c = await declare({ title: 'Payroll', severity: 'SEV2', isPrivate: true, commanderId: bob.user.id, platforms: ['ios', 'web'] });
    await ok(alice.token, 'PUT', `/api/v1/incidents/${c}/service`, { service: 'payments' });
    // Canceled with a commander: counted, but not in the load.
    const d = await declare({ title: 'False alarm', severity: 'SEV3', commanderId: carol.user.id });
    await ok(t.adminToken, 'POST', `/api/v1/incidents/${d}/status`, { status: 'canceled', note: 'false alarm' });
    const e = await declare({ title: 'Slow search' });

    expect(await expectAgreement()).toBe(5);

    // After a first read: a severity raised, a commander changed, a reopening, a cancellation, a milestone corrected.
    await ok(alice.token, 'POST', `/api/v1/incidents/${e}/severity`, { severity: 'SEV1' });
    await command(a, carol);
    await ok(carol.token, 'POST', `/api/v1/incidents/${b}/releases`, { platform: 'ios', kind: 'fix' });
    await move(b, 'monitoring');
    await move(b, 'responding');
    await ok(t.adminToken, 'POST', `/api/v1/incidents/${c}/status`, { status: 'canceled', note: 'duplicate' });
    await ok(t.adminToken, 'PATCH', `/api/v1/incidents/${e}/milestones`, {
      milestone: 'detected_at',
      at: new Date(TEST_START.getTime() - 30 * MIN).toISOString(),
      reason: 'from the logs',
    });
    t.clock.advance(24 * 60 * MIN);
    expect(await expectAgreement()).toBe(5);
    const kept = await t.store.db
      .selectFrom('incident_change_summaries as s')
      .innerJoin('incidents as i', 'i.id', 's.incident_id')
      .select(['i.id', 's.is_canceled', 's.severities'])
      .where('i.id', 'in', [c, e])
      .orderBy('i.number')
      .execute();
    expect(kept).toEqual([
      { id: c, is_canceled: true, severities: ['SEV2'] },
      { id: e, is_canceled: false, severities: ['SEV1'] },
    ]);
  });
});
