import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, TEST_START, type TestServer, type TestUser } from '../support/test-server.ts';

interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface PostmortemJson {
  status: string;
  sections: { key: string; body: string; revision: number }[];
  impact: Record<string, unknown>;
  fiveWhys: { why: string; answer: string }[];
  reviewers: { userId: string; decision: string }[];
  comments: { section: string | null; body: string; author: { id: string | null } }[];
}

const MIN = 60_000;
const at = (minutes: number) => new Date(TEST_START.getTime() + minutes * MIN);

describe.each(testDatabaseKinds())('learning API on %s', (kind) => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    t = await startTestServer(kind);
    alice = await t.createUser('responder', { name: 'Alice' });
    bob = await t.createUser('responder', { name: 'Bob' });
    carol = await t.createUser('responder', { name: 'Carol' });
    viewer = await t.createUser('viewer', { name: 'Vic' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function call<T = ErrorJson>(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method, url, headers: { ...t.auth(token), 'accept-language': 'en', ...headers }, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.body === '' ? ({} as T) : (String(response.headers['content-type'] ?? '').includes('json') ? response.json<T>() : (response.body as T)), headers: response.headers };
  }
  const ok = async (p: Promise<{ status: number; body: unknown }>, status = 200) => {
    const r = await p;
    expect(r.status, `${new Error().stack?.split('\n')[2] ?? ''} ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  };
  const move = (id: string, status: string) => ok(call(t.adminToken, 'POST', `/api/v1/incidents/${id}/status`, { status }));

  async function declare(title: string, severity = 'SEV2'): Promise<string> {
    const r = await ok(call<{ id: string }>(alice.token, 'POST', '/api/v1/incidents', { title, severity, platforms: ['web'] }), 201);
    return (r.body as { id: string }).id;
  }
  async function toPostmortem(id: string): Promise<void> {
    await ok(call(alice.token, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'fix' }), 201);
    for (const s of ['monitoring', 'resolved', 'postmortem']) await move(id, s);
  }

  describe('postmortem', () => {
    let id: string;
    const pm = (token = alice.token) => call<PostmortemJson & ErrorJson>(token, 'GET', `/api/v1/incidents/${id}/postmortem`);

    beforeAll(async () => {
      t.clock.set(at(0));
      id = await declare('Checkout <script>alert(1)</script> down');
      await toPostmortem(id);
    });

    it('keeps structured impact figures, computes the duration from the milestones, and names bad fields', async () => {
      const url = `/api/v1/incidents/${id}/postmortem/impact`;
      const bad = [
        [{ usersAffected: -1 }, 'usersAffected'],
        [{ usersAffected: 1.5 }, 'usersAffected'],
        [{ revenueLost: 1000 }, 'impact.currency'],
        [{ revenueLost: 10, currency: 'yen' }, 'impact.currency'],
      ] as const;
      for (const [body, field] of bad) {
        const r = await call(alice.token, 'PUT', url, body);
        expect(r.status).toBe(400);
        expect(r.body.error.code).toBe('validation_failed');
        expect(JSON.stringify(r.body.error)).toContain(field);
      }
      const r = await ok(call<PostmortemJson>(alice.token, 'PUT', url, { usersAffected: 1200, revenueLost: 50000, currency: 'JPY' }));
      // Declared and mitigated (the release) at the same instant of the fake clock: 0 minutes.
      expect((r.body as PostmortemJson).impact).toEqual({ usersAffected: 1200, revenueLost: 50000, currency: 'JPY', durationMinutes: 0, durationSource: 'milestones' });
      const o = await ok(call<PostmortemJson>(alice.token, 'PUT', url, { durationMinutesOverride: 45, revenueLost: null }));
      expect((o.body as PostmortemJson).impact).toEqual({ usersAffected: 1200, currency: 'JPY', durationMinutesOverride: 45, durationMinutes: 45, durationSource: 'override' });
    });

    it('the five whys write the root cause while it is empty; bad pairs name their field', async () => {
      const url = `/api/v1/incidents/${id}/postmortem/five-whys`;
      const bad = await call(alice.token, 'PUT', url, { whys: [{ why: 'Why did checkout fail?', answer: '  ' }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe('The input is not valid: fiveWhys[0].answer.');
      const whys = [
        { why: 'Why did checkout fail?', answer: 'The DB timed out' },
        { why: 'Why did the DB time out?', answer: 'A query lost its index' },
      ];
      const r = await ok(call<PostmortemJson>(alice.token, 'PUT', url, { whys }));
      const body = r.body as PostmortemJson;
      expect(body.fiveWhys).toEqual(whys);
      expect(body.sections.find((s) => s.key === 'root_cause')?.body).toBe(
        '1. **なぜ:** Why did checkout fail?\n   → The DB timed out\n2. **なぜ:** Why did the DB time out?\n   → A query lost its index\n\n**根本原因:** A query lost its index',
      );
    });

    it('goes draft → in review → (changes) → draft → in review → published, keeping comments and history', async () => {
      const base = `/api/v1/incidents/${id}/postmortem`;
      const missing = (await pm()).body.sections.filter((s) => s.body === '').map((s) => ({ key: s.key, body: `${s.key} text` }));
      await ok(call(alice.token, 'PUT', base, { sections: missing }));

      expect((await call(alice.token, 'POST', `${base}/review`, { reviewerIds: [] })).status).toBe(400);
      const unknown = await call(alice.token, 'POST', `${base}/review`, { reviewerIds: ['00000000-0000-4000-8000-00000000abcd'] });
      expect([unknown.status, unknown.body.error.code, unknown.body.error.details]).toEqual([404, 'user_not_found', { field: 'reviewerIds[0]' }]);
      const inReview = await ok(call<PostmortemJson>(alice.token, 'POST', `${base}/review`, { reviewerIds: [bob.user.id, carol.user.id] }));
      expect((inReview.body as PostmortemJson).status).toBe('in_review');

      expect((await call(alice.token, 'POST', `${base}/approve`, {})).status).toBe(403);
      const noComment = await call(bob.token, 'POST', `${base}/request-changes`, {});
      expect([noComment.status, noComment.body.error.message]).toEqual([400, 'The input is not valid: comment.']);
      const back = await ok(call<PostmortemJson>(bob.token, 'POST', `${base}/request-changes`, { comment: 'Say how many users.' }));
      expect((back.body as PostmortemJson).status).toBe('draft');
      expect((await call(carol.token, 'POST', `${base}/approve`, {})).body.error.details).toEqual({ reason: 'not_in_review', status: 'draft' });

      await ok(call(alice.token, 'POST', `${base}/comments`, { section: 'impact', body: 'Added the number.' }), 201);
      const badSection = await call(alice.token, 'POST', `${base}/comments`, { section: 'nope', body: 'x' });
      expect([badSection.status, badSection.body.error.message]).toEqual([400, 'The input is not valid: section.']);
      await ok(call(alice.token, 'POST', `${base}/review`, { reviewerIds: [bob.user.id, carol.user.id] }));
      await ok(call(bob.token, 'POST', `${base}/approve`, {}));
      // An edit in review sends the approvals back to pending.
      await ok(call(alice.token, 'PUT', base, { sections: [{ key: 'impact', body: '1,200 users for 45 minutes' }] }));
      expect((await pm()).body.reviewers.map((r) => r.decision)).toEqual(['pending', 'pending']);
      const early = await call(alice.token, 'POST', `${base}/publish`);
      expect([early.status, early.body.error.details]).toEqual([409, { reason: 'review_pending', pendingReviewers: 2 }]);
      await ok(call(bob.token, 'POST', `${base}/approve`, {}));
      await ok(call(carol.token, 'POST', `${base}/approve`, { comment: 'LGTM' }));
      const published = await ok(call<PostmortemJson>(alice.token, 'POST', `${base}/publish`));
      expect((published.body as PostmortemJson).status).toBe('published');
      expect((published.body as PostmortemJson).comments.map((c) => [c.section, c.body])).toEqual([
        [null, 'Say how many users.'],
        ['impact', 'Added the number.'],
        [null, 'LGTM'],
      ]);

      const history = await ok(call<{ items: { section: string; revision: number; editedBy: { name: string } }[] }>(viewer.token, 'GET', `${base}/history`));
      const items = (history.body as { items: { section: string; revision: number; editedBy: { name: string } }[] }).items;
      expect(items.filter((e) => e.section === 'impact').map((e) => [e.revision, e.editedBy.name])).toEqual([[1, 'Alice'], [2, 'Alice']]);
      expect(items.filter((e) => e.section === 'impact_figures')).toHaveLength(2);
      expect(items.filter((e) => e.section === 'root_cause').map((e) => e.revision)).toEqual([1]);
    });

    it('prints as an escaped HTML page', async () => {
      const r = await call<string>(viewer.token, 'GET', `/api/v1/incidents/${id}/postmortem.html`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = r.body;
      expect(html).toContain('<title>Postmortem: #1 Checkout &lt;script&gt;alert(1)&lt;/script&gt; down</title>');
      expect(html).not.toContain('<script>');
      expect(html).toContain('@media print');
      expect(html).toContain('<dt>Users affected</dt><dd>1200</dd>');
      expect(html).toContain('<section id="impact"><h2>Impact<span class="tag">required</span></h2><div class="body">1,200 users for 45 minutes</div></section>');
    });
  });

  describe('timeline regeneration', () => {
    it('drafts the timeline again from the incident, refusing a stale revision with the newer text', async () => {
      const id = await declare('Search empty');
      await toPostmortem(id);
      const base = `/api/v1/incidents/${id}/postmortem`;
      const first = (await call<PostmortemJson>(alice.token, 'GET', base)).body.sections.find((s) => s.key === 'timeline');
      expect(first?.revision).toBe(0);
      await ok(call(alice.token, 'POST', `/api/v1/incidents/${id}/timeline`, { text: 'Pinned from Slack: root cause found' }), 201);
      const r = await ok(call<PostmortemJson>(alice.token, 'POST', `${base}/timeline`, { revision: 0 }));
      const timeline = (r.body as PostmortemJson).sections.find((s) => s.key === 'timeline');
      expect(timeline?.revision).toBe(1);
      expect(timeline?.body.split('\n').at(-1)).toBe('- 2025-04-01 09:00 メモ: Pinned from Slack: root cause found');
      const stale = await call(alice.token, 'POST', `${base}/timeline`, { revision: 0 });
      expect([stale.status, stale.body.error.details?.['currentRevision'], stale.body.error.details?.['currentBody']]).toEqual([409, 1, timeline?.body]);
    });
  });

  describe('prevention actions', () => {
    it('link a tracker item, announce action.created to webhooks, and refuse bad input naming the field', async () => {
      t.clock.set(at(0));
      const id = await declare('Slow images');
      await toPostmortem(id);
      const url = `/api/v1/incidents/${id}/actions`;
      const bad = [
        [{ title: 'x', dueDate: '2025-04-10' }, 400, 'ownerId'],
        [{ title: 'x', ownerId: bob.user.id, dueDate: '2025-03-31' }, 422, 'dueDate'],
        [{ title: 'x', ownerId: bob.user.id, dueDate: '2025-04-10', trackerUrl: 'javascript:alert(1)' }, 400, 'trackerUrl'],
        [{ title: 'x', ownerId: bob.user.id, dueDate: '2025-04-10', section: 'nope' }, 400, 'section'],
      ] as const;
      for (const [body, status, field] of bad) {
        const r = await call(alice.token, 'POST', url, body);
        expect([r.status, JSON.stringify(r.body.error).includes(field)]).toEqual([status, true]);
      }
      const created = await ok(call<{ id: string; section: string; tracker: object }>(alice.token, 'POST', url, {
        title: 'Resize on upload', ownerId: bob.user.id, dueDate: '2025-04-10', section: 'prevention',
        trackerUrl: 'https://github.com/acme/web/issues/42',
      }), 201);
      const action = created.body as { id: string; section: string; tracker: object };
      expect([action.section, action.tracker]).toEqual(['prevention', { url: 'https://github.com/acme/web/issues/42', kind: 'github' }]);
      const patched = await ok(call<{ tracker: object }>(bob.token, 'PATCH', `/api/v1/actions/${action.id}`, { trackerUrl: 'https://acme.atlassian.net/browse/OPS-7' }));
      expect((patched.body as { tracker: object }).tracker).toEqual({ url: 'https://acme.atlassian.net/browse/OPS-7', kind: 'jira' });
      const badEvidence = await call(bob.token, 'PATCH', `/api/v1/actions/${action.id}`, { status: 'done', evidence: 'ftp://x/y' });
      expect([badEvidence.status, badEvidence.body.error.code]).toEqual([422, 'evidence_required']);
      const rows = await t.store.db.selectFrom('outbox').select(['payload']).where('idempotency_key', '=', `webhook.deliver:${id}:action.created:${action.id}`).execute();
      expect(rows[0]?.payload).toMatchObject({ event: 'action.created', data: { action: { id: action.id, title: 'Resize on upload', dueDate: '2025-04-10', section: 'prevention' }, incident: { id } } });
    });
  });

  describe('webhook targets (admin API)', () => {
    it('adds, lists and removes targets; never takes a secret, only the env variable name', async () => {
      expect((await call(alice.token, 'POST', '/api/v1/webhooks', { name: 'x', url: 'https://x.test', events: ['*'], secretEnv: 'X' })).status).toBe(403);
      for (const [body, field] of [
        [{ name: 'x', url: 'ftp://x.test', events: ['*'], secretEnv: 'X' }, 'url'],
        [{ name: 'x', url: 'https://x.test', events: ['incident.exploded'], secretEnv: 'X' }, 'events[0]'],
        [{ name: 'x', url: 'https://x.test', events: ['*'], secretEnv: 'sk_live_abc' }, 'secretEnv'],
      ] as const) {
        const r = await call(t.adminToken, 'POST', '/api/v1/webhooks', body);
        expect([r.status, r.body.error.message]).toEqual([400, `The input is not valid: ${field}.`]);
      }
      const created = await ok(call<{ id: string }>(t.adminToken, 'POST', '/api/v1/webhooks', { name: 'tracker', url: 'https://tracker.test/hook', events: ['action.created'], secretEnv: 'TRACKER_SECRET' }), 201);
      const listed = await ok(call<{ items: { id: string; secretEnv: string; source: string }[] }>(t.adminToken, 'GET', '/api/v1/webhooks'));
      expect((listed.body as { items: { id: string; secretEnv: string; source: string }[] }).items.map((i) => [i.id, i.source, i.secretEnv])).toEqual([
        [(created.body as { id: string }).id, 'api', 'TRACKER_SECRET'],
      ]);
    });
  });

  describe('insights', () => {
    it('computes exact figures from incidents with known milestones, as JSON and CSV', async () => {
      // A fresh period, a week after the incidents above.
      const day = 7 * 24 * 60;
      const correct = (id: string, milestone: string, minutes: number) =>
        ok(call(t.adminToken, 'PATCH', `/api/v1/incidents/${id}/milestones`, { milestone, at: at(day + minutes).toISOString(), reason: 'from the logs' }));
      const assign = (id: string) => ok(call(t.adminToken, 'PUT', `/api/v1/incidents/${id}/roles/commander`, { userId: bob.user.id }));
      const release = (id: string) => ok(call(alice.token, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'fix' }), 201);

      t.clock.set(at(day));
      const a = await declare('Payments A', 'SEV2');
      await correct(a, 'impact_started_at', -10);
      await correct(a, 'detected_at', -5);
      t.clock.set(at(day + 5));
      await assign(a);
      t.clock.set(at(day + 20));
      await release(a);
      await move(a, 'monitoring');
      t.clock.set(at(day + 30));
      await move(a, 'resolved');
      await ok(call(alice.token, 'PUT', `/api/v1/incidents/${a}/service`, { service: 'payments' }));

      t.clock.set(at(day + 60));
      const b = await declare('Payments B', 'SEV3');
      await correct(b, 'detected_at', 50);
      t.clock.set(at(day + 65));
      await ok(call(alice.token, 'POST', `/api/v1/incidents/${b}/severity`, { severity: 'SEV1' }));
      t.clock.set(at(day + 70));
      await assign(b);
      t.clock.set(at(day + 100));
      await release(b);
      await move(b, 'monitoring');
      t.clock.set(at(day + 120));
      await move(b, 'resolved');
      await ok(call(alice.token, 'PUT', `/api/v1/incidents/${b}/service`, { service: ' payments ' }));
      const badService = await call(alice.token, 'PUT', `/api/v1/incidents/${b}/service`, { service: '  ' });
      expect([badService.status, badService.body.error.message]).toEqual([400, 'The input is not valid: service.']);

      t.clock.set(at(day + 180));
      const c = await declare('False alarm', 'SEV3');
      t.clock.set(at(day + 185));
      await ok(call(t.adminToken, 'POST', `/api/v1/incidents/${c}/status`, { status: 'canceled', note: 'false alarm' }));

      t.clock.set(at(day + 240));
      const query = `from=${at(day - 60).toISOString()}&to=${at(day + 200).toISOString()}&bucket=day`;
      const r = await ok(call<Record<string, unknown>>(viewer.token, 'GET', `/api/v1/insights?${query}`));
      const json = r.body as Record<string, Record<string, unknown>>;
      expect(json['incidents']).toEqual({ total: 3, canceled: 1, reopened: 0, bySeverity: { SEV2: 1, SEV1: 1, SEV3: 1 } });
      expect(json['overTime']).toEqual([{ bucket: '2025-04-08', total: 3, bySeverity: { SEV2: 1, SEV1: 1, SEV3: 1 } }]);
      expect(json['timeTo']).toEqual({
        detect: { count: 1, median: 300, p90: 300 },
        acknowledge: { count: 2, median: 900, p90: 1140 },
        mitigate: { count: 2, median: 2250, p90: 2850 },
        resolve: { count: 2, median: 3150, p90: 3990 },
      });
      // Per peak severity: a is SEV2, b was raised to SEV1; the canceled c is left out.
      expect(json['timeToBySeverity']).toEqual({
        SEV2: { detect: { count: 1, median: 300, p90: 300 }, acknowledge: { count: 1, median: 600, p90: 600 }, mitigate: { count: 1, median: 1500, p90: 1500 }, resolve: { count: 1, median: 2100, p90: 2100 } },
        SEV1: { detect: { count: 0, median: null, p90: null }, acknowledge: { count: 1, median: 1200, p90: 1200 }, mitigate: { count: 1, median: 3000, p90: 3000 }, resolve: { count: 1, median: 4200, p90: 4200 } },
      });
      expect(json['load']?.['commander']).toEqual({ people: [{ userId: bob.user.id, name: 'Bob', incidents: 2 }], topShare: 1, hhi: 1 });
      expect(json['repeatsByService']).toEqual([{ service: 'payments', incidents: 2, repeats: 1 }]);

      const sev1 = await ok(call<{ incidents: { total: number } }>(viewer.token, 'GET', `/api/v1/insights?${query}&severity=SEV1`));
      expect((sev1.body as { incidents: { total: number } }).incidents.total).toBe(1);

      const csv = await call<string>(viewer.token, 'GET', `/api/v1/insights?${query}`, undefined, { accept: 'text/csv' });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = csv.body.split('\r\n');
      expect(lines[0]).toBe('metric,dimension,value');
      expect(lines).toContain('incidents.total,,3');
      expect(lines).toContain('time_to_resolve.median_seconds,,3150');
      expect(lines).toContain('time_to_resolve.median_seconds,SEV1,4200');
      expect(lines).toContain(`load.commander.incidents,Bob <${bob.user.id}>,2`);
      expect(lines).toContain('repeats.repeats,payments,1');

      for (const [q, message] of [
        [`from=${at(day).toISOString()}&to=${at(day).toISOString()}`, 'The input is not valid: from.'],
        ['severity=SEV9', 'There is no severity "SEV9". Use one of: SEV1, SEV2, SEV3.'],
        ['from=yesterday', null],
      ] as const) {
        const bad = await call(viewer.token, 'GET', `/api/v1/insights?${q}`);
        expect(bad.status).toBe(400);
        if (message) expect(bad.body.error.message).toBe(message);
      }
    });
  });
});
