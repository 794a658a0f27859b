import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { morningDigestJob, morningDigestSchedule } from '../../src/jobs/follow-up/morning-digest.ts';
import { createJobRunner, type JobRunner } from '../../src/jobs/scheduler.ts';
import { recordingLogger } from '../jobs/support.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

/**
 * The morning check: the digest job at 09:30 Asia/Tokyo on weekdays (fake clock), its Slack
 * message, the same digest at GET /api/v1/actions/digest, once per slot with two runners, and
 * the auto-close of settled follow-ups.
 */
describe.each(testDatabaseKinds())('the morning check on %s', (kind) => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let runners: JobRunner[];

  beforeAll(async () => {
    t = await startTestServer(kind); // 2025-04-01T00:00Z: Tuesday 09:00 in Tokyo
    alice = await t.createUser('responder', { name: 'Alice' });
    bob = await t.createUser('responder', { name: 'Bob' });
    const job = morningDigestJob({ app: t.deps.app, publicUrl: 'http://hikeshi.test', logger: recordingLogger() });
    const make = () =>
      createJobRunner({
        db: t.store.db,
        clock: t.clock,
        jobs: [job],
        recurring: [morningDigestSchedule(t.deps.app, job)],
        logger: recordingLogger(),
        random: () => 0,
      });
    // Two runners, as two server processes on one database would have.
    runners = [make(), make()];
  });

  afterAll(async () => {
    await t.close();
  });

  async function call<T = ErrorJson>(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    const response = await t.app.inject({ method, url, headers: { ...t.auth(token), 'accept-language': 'en' }, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json<T>() };
  }
  const move = async (id: string, status: string) =>
    expect((await call(t.adminToken, 'POST', `/api/v1/incidents/${id}/status`, { status })).status).toBe(200);

  async function incidentInPostmortem(title: string): Promise<string> {
    const declared = await call<{ id: string }>(alice.token, 'POST', '/api/v1/incidents', { title, severity: 'SEV3', platforms: ['web'] });
    expect(declared.status).toBe(201);
    const id = declared.body.id;
    expect((await call(alice.token, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'fix' })).status).toBe(201);
    for (const status of ['monitoring', 'resolved', 'postmortem']) await move(id, status);
    return id;
  }

  async function toFollowUp(id: string): Promise<void> {
    const pm = await call<{ missingRequired: string[] }>(alice.token, 'GET', `/api/v1/incidents/${id}/postmortem`);
    const sections = pm.body.missingRequired.map((key) => ({ key, body: `${key} text` }));
    expect((await call(alice.token, 'PUT', `/api/v1/incidents/${id}/postmortem`, { sections })).status).toBe(200);
    expect((await call(alice.token, 'POST', `/api/v1/incidents/${id}/postmortem/publish`)).status).toBe(200);
    await move(id, 'follow_up');
  }

  const action = async (incidentId: string, title: string, ownerId: string, dueDate: string) => {
    const created = await call<{ id: string }>(alice.token, 'POST', `/api/v1/incidents/${incidentId}/actions`, { title, ownerId, dueDate });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  const slots = () =>
    t.store.db.selectFrom('jobs').select(['key', 'run_at', 'status', 'attempts']).where('name', '=', 'follow_up.morning_digest').orderBy('run_at').execute();
  const digestPosts = () =>
    t.store.db.selectFrom('outbox').select(['idempotency_key', 'payload']).where('topic', '=', 'slack.post_message').orderBy('seq').execute();

  it('posts the digest at 09:30 Tokyo on weekdays, once per day however many runners, and serves it to the web', async () => {
    const incident = await incidentInPostmortem('Checkout slow');
    const overdue = await action(incident, 'Add the missing index', bob.user.id, '2025-04-01');
    await action(incident, 'Alert on p99 latency', alice.user.id, '2025-04-02');
    await action(incident, 'Load test checkout', bob.user.id, '2025-04-09');
    await Promise.all(runners.map((r) => r.ensureRecurring()));
    expect(await slots()).toEqual([
      { key: 'digest:default:2025-04-01', run_at: new Date('2025-04-01T00:30:00Z'), status: 'pending', attempts: 0 },
    ]);

    // Wednesday 2025-04-02 09:30 JST: the Tuesday slot is late; it runs once, then the next is Thursday.
    t.clock.set(new Date('2025-04-02T00:30:00Z'));
    const ran = await Promise.all(runners.map((r) => r.drain()));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await slots()).map((s) => [s.key, s.run_at.toISOString(), s.status, s.attempts])).toEqual([
      ['digest:default:2025-04-01', '2025-04-01T00:30:00.000Z', 'done', 1],
      ['digest:default:2025-04-03', '2025-04-03T00:30:00.000Z', 'pending', 0],
    ]);
    const posts = await digestPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.idempotency_key).toBe('slack.post_message:digest:default:2025-04-01');
    expect(posts[0]?.payload['channel']).toBe('incidents');
    // The workspace's language (ja); "today" is Wednesday 04-02 in Tokyo.
    expect(String(posts[0]?.payload['text']).split('\n')).toEqual([
      '*☀️ 朝の再発防止策チェック* (2025-04-02)',
      '期限切れ 1 件・今日が期限 1 件・その他未完了 1 件',
      '',
      '*Bob*',
      `• [期限切れ] <http://hikeshi.test/actions/${overdue}|Add the missing index> — #1 (期限 2025-04-01)`,
      expect.stringMatching(/^• \[未完了\] <http:\/\/hikeshi\.test\/actions\/[0-9a-f-]+\|Load test checkout> — #1 \(期限 2025-04-09\)$/),
      '',
      '*Alice*',
      expect.stringMatching(/^• \[今日が期限\] <.+\|Alert on p99 latency> — #1 \(期限 2025-04-02\)$/),
    ]);

    const page = await call<{ date: string; totals: object; owners: { owner: { name: string }; overdue: { title: string }[]; dueToday: { title: string }[]; open: { title: string }[] }[] }>(
      alice.token, 'GET', '/api/v1/actions/digest',
    );
    expect(page.status).toBe(200);
    expect(page.body.date).toBe('2025-04-02');
    expect(page.body.totals).toEqual({ open: 1, dueToday: 1, overdue: 1 });
    expect(page.body.owners.map((o) => [o.owner.name, o.overdue.map((a) => a.title), o.dueToday.map((a) => a.title), o.open.map((a) => a.title)])).toEqual([
      ['Bob', ['Add the missing index'], [], ['Load test checkout']],
      ['Alice', [], ['Alert on p99 latency'], []],
    ]);
  });

  it('skips the weekend: a slot run after Friday 09:30 Tokyo is followed by Monday 09:30', async () => {
    t.clock.set(new Date('2025-04-04T00:31:00Z')); // Friday 09:31 JST; Thursday's slot runs late
    await Promise.all(runners.map((r) => r.drain()));
    t.clock.set(new Date('2025-04-05T01:00:00Z')); // Saturday 10:00 JST: nothing is due
    expect((await Promise.all(runners.map((r) => r.drain()))).reduce((a, b) => a + b, 0)).toBe(0);
    expect((await slots()).slice(1).map((s) => [s.key, s.run_at.toISOString(), s.status])).toEqual([
      ['digest:default:2025-04-03', '2025-04-03T00:30:00.000Z', 'done'],
      ['digest:default:2025-04-07', '2025-04-07T00:30:00.000Z', 'pending'],
    ]);
  });

  it('closes a follow-up whose actions are all settled when the playbook says autoClose, archiving its channel', async () => {
    t.clock.set(new Date('2025-04-07T00:00:00Z'));
    const id = await incidentInPostmortem('Login loop');
    const done = await action(id, 'Fix the redirect', bob.user.id, '2025-04-08');
    const later = await action(id, 'Rewrite the session store', bob.user.id, '2025-04-30');
    await toFollowUp(id);
    expect((await call(bob.token, 'PATCH', `/api/v1/actions/${done}`, { status: 'done', evidence: 'https://github.com/o/r/pull/1' })).status).toBe(200);
    expect((await call(bob.token, 'PATCH', `/api/v1/actions/${later}`, { status: 'deferred', reason: 'next quarter' })).status).toBe(200);
    const before = await call<{ status: string }>(alice.token, 'GET', `/api/v1/incidents/${id}`);
    expect(before.body.status).toBe('follow_up'); // autoClose is off in the default playbook

    const current = t.playbooks.current();
    t.playbooks.setCurrent({ ...current, playbook: { ...current.playbook, followUp: { ...current.playbook.followUp, autoClose: true } } });
    try {
      t.clock.set(new Date('2025-04-07T00:30:00Z'));
      await runners[0]?.drain();
    } finally {
      t.playbooks.setCurrent(current);
    }
    const after = await call<{ status: string }>(alice.token, 'GET', `/api/v1/incidents/${id}`);
    expect(after.body.status).toBe('closed');
    const effects = await t.store.db.selectFrom('outbox').select('topic').where('incident_id', '=', id).where('topic', '=', 'slack.archive_channel').execute();
    expect(effects).toHaveLength(1);
  });
});
