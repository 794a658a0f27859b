import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import {
  loadDefaultPlaybook,
  startTestServer,
  TEST_START,
  type TestServer,
  type TestUser,
} from '../support/test-server.ts';

interface ActionJson {
  id: string;
  incidentId: string;
  incident: { id: string; number: number; title: string };
  title: string;
  ownerId: string;
  owner: { id: string; name: string };
  dueDate: string;
  priority: 'high' | 'medium' | 'low';
  status: 'open' | 'in_progress' | 'done' | 'deferred';
  evidence: string | null;
  reason: string | null;
  isOverdue: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
}

interface PageJson {
  items: ActionJson[];
  nextCursor: string | null;
}

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

const DAY = 24 * 60 * 60_000;

describe.each(testDatabaseKinds())('prevention actions API on %s', (kind) => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    t = await startTestServer(kind);
    alice = await t.createUser('responder', { name: 'Alice' });
    bob = await t.createUser('responder', { name: 'Bob' });
    viewer = await t.createUser('viewer', { name: 'Vera' });
  });
  afterAll(async () => t.close());
  // 2025-04-01T00:00Z is 2025-04-01 09:00 in the playbook's Asia/Tokyo.
  beforeEach(() => t.clock.set(TEST_START));

  async function call<T = ErrorJson>(token: string, method: Method, url: string, payload?: object) {
    const response = await t.app.inject({
      method,
      url,
      headers: { ...t.auth(token), 'accept-language': 'en' },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  const move = (id: string, status: string) =>
    call<ErrorJson & { status: string }>(t.adminToken, 'POST', `/api/v1/incidents/${id}/status`, {
      status,
    });

  async function declare(options: { isPrivate?: boolean } = {}): Promise<string> {
    const declared = await call<{ id: string }>(alice.token, 'POST', '/api/v1/incidents', {
      title: 'Sign-up form stuck',
      severity: 'SEV3',
      platforms: ['web'],
      ...(options.isPrivate ? { isPrivate: true } : {}),
    });
    expect(declared.status).toBe(201);
    return declared.body.id;
  }

  /** Drives a new incident through the API to `postmortem` (the admin confirms convergence early). */
  async function incidentInPostmortem(options: { isPrivate?: boolean } = {}): Promise<string> {
    const id = await declare(options);
    expect(
      (
        await call(alice.token, 'POST', `/api/v1/incidents/${id}/releases`, {
          platform: 'web',
          kind: 'fix',
        })
      ).status,
    ).toBe(201);
    for (const status of ['monitoring', 'resolved', 'postmortem'])
      expect((await move(id, status)).status).toBe(200);
    return id;
  }

  /** Writes every required section, publishes, and moves to follow_up. */
  async function toFollowUp(id: string): Promise<void> {
    const postmortem = await call<{ missingRequired: string[] }>(
      alice.token,
      'GET',
      `/api/v1/incidents/${id}/postmortem`,
    );
    const sections = postmortem.body.missingRequired.map((key) => ({ key, body: `${key} text` }));
    expect(
      (await call(alice.token, 'PUT', `/api/v1/incidents/${id}/postmortem`, { sections })).status,
    ).toBe(200);
    expect(
      (await call(alice.token, 'POST', `/api/v1/incidents/${id}/postmortem/publish`)).status,
    ).toBe(200);
    expect((await move(id, 'follow_up')).status).toBe(200);
  }

  const create = (token: string, incidentId: string, body: object) =>
    call<ActionJson & ErrorJson>(token, 'POST', `/api/v1/incidents/${incidentId}/actions`, body);
  const patch = (token: string, actionId: string, body: object) =>
    call<ActionJson & ErrorJson>(token, 'PATCH', `/api/v1/actions/${actionId}`, body);

  it('creates an action with an owner and a due date, and records it on the timeline', async () => {
    const id = await incidentInPostmortem();
    const created = await create(alice.token, id, {
      title: ' Add an index on orders.user_id ',
      ownerId: bob.user.id,
      dueDate: '2025-04-10',
    });
    expect(created.status).toBe(201);
    const now = t.clock.now().toISOString();
    const number = (await call<{ number: number }>(viewer.token, 'GET', `/api/v1/incidents/${id}`))
      .body.number;
    expect(created.body).toEqual({
      id: created.body.id,
      incidentId: id,
      incident: { id, number, title: 'Sign-up form stuck' },
      title: 'Add an index on orders.user_id',
      ownerId: bob.user.id,
      owner: { id: bob.user.id, name: 'Bob' },
      dueDate: '2025-04-10',
      priority: 'medium',
      status: 'open',
      evidence: null,
      reason: null,
      section: null,
      tracker: null,
      isOverdue: false,
      createdBy: alice.user.id,
      createdAt: now,
      updatedAt: now,
      doneAt: null,
    });
    expect(await call(viewer.token, 'GET', `/api/v1/actions/${created.body.id}`)).toEqual({
      status: 200,
      body: created.body,
    });

    const timeline = await call<{ items: { type: string; data: Record<string, unknown> }[] }>(
      viewer.token,
      'GET',
      `/api/v1/incidents/${id}/timeline?type=action.created`,
    );
    expect(timeline.body.items.map((e) => e.data)).toEqual([
      {
        actionId: created.body.id,
        title: 'Add an index on orders.user_id',
        ownerId: bob.user.id,
        dueDate: '2025-04-10',
        priority: 'medium',
        section: null,
      },
    ]);
  });

  it('refuses actions while the incident is still being fought, past due dates, unknown owners and viewers', async () => {
    const active = await declare();
    const early = await create(alice.token, active, {
      title: 'Too early',
      ownerId: bob.user.id,
      dueDate: '2025-04-10',
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toEqual({
      code: 'action_not_allowed',
      message:
        'Prevention actions can be added only while the incident is resolved, in its postmortem or in follow-up (it is responding).',
      details: { status: 'responding' },
    });

    const id = await incidentInPostmortem();
    const past = await create(alice.token, id, {
      title: 'Yesterday',
      ownerId: bob.user.id,
      dueDate: '2025-03-31',
    });
    expect(past.status).toBe(422);
    expect(past.body.error).toEqual({
      code: 'due_date_in_past',
      message: 'The due date 2025-03-31 is in the past (today is 2025-04-01).',
      details: { field: 'dueDate', dueDate: '2025-03-31', today: '2025-04-01' },
    });
    expect(
      (
        await create(alice.token, id, {
          title: 'Today',
          ownerId: bob.user.id,
          dueDate: '2025-04-01',
        })
      ).status,
    ).toBe(201);

    // 16:00 UTC is already the next day in Tokyo: "today" follows the workspace's timezone.
    t.clock.set(new Date('2025-04-01T16:00:00.000Z'));
    const tokyo = await create(alice.token, id, {
      title: 'Today in UTC',
      ownerId: bob.user.id,
      dueDate: '2025-04-01',
    });
    expect(tokyo.status).toBe(422);
    expect(tokyo.body.error.details).toEqual({
      field: 'dueDate',
      dueDate: '2025-04-01',
      today: '2025-04-02',
    });

    const nobody = await create(alice.token, id, {
      title: 'Ghost',
      ownerId: '00000000-0000-4000-8000-000000000000',
      dueDate: '2025-04-10',
    });
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.code).toBe('user_not_found');

    const badDate = await create(alice.token, id, {
      title: 'Bad date',
      ownerId: bob.user.id,
      dueDate: '2025-02-30',
    });
    expect(badDate.status).toBe(400);
    expect((badDate.body.error.details as { field: string }[]).map((d) => d.field)).toEqual([
      'dueDate',
    ]);

    const forbidden = await create(viewer.token, id, {
      title: 'Viewer',
      ownerId: bob.user.id,
      dueDate: '2025-04-10',
    });
    expect(forbidden.status).toBe(403);

    const list = await call<PageJson>(viewer.token, 'GET', `/api/v1/incidents/${id}/actions`);
    expect(list.body.items.map((a) => a.title)).toEqual(['Today']);
  });

  it('needs evidence to mark an action done and a reason to defer it', async () => {
    const id = await incidentInPostmortem();
    const action = (
      await create(alice.token, id, {
        title: 'Alert on sign-up errors',
        ownerId: bob.user.id,
        dueDate: '2025-04-05',
      })
    ).body;

    const noEvidence = await patch(bob.token, action.id, { status: 'done' });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.body.error).toEqual({
      code: 'evidence_required',
      message: 'Marking it done needs evidence (a link or a note).',
      details: { field: 'evidence' },
    });
    for (const evidence of ['ok', '   ', 'javascript:alert(1)', 'ftp://example.com/x']) {
      const refused = await patch(bob.token, action.id, { status: 'done', evidence });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'evidence_required']);
    }
    const noReason = await patch(bob.token, action.id, { status: 'deferred' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('reason_required');

    t.clock.advance(60_000);
    const started = await patch(bob.token, action.id, { status: 'in_progress' });
    expect(started.body).toMatchObject({
      status: 'in_progress',
      doneAt: null,
      updatedAt: t.clock.now().toISOString(),
    });
    t.clock.advance(60_000);
    const done = await patch(bob.token, action.id, {
      status: 'done',
      evidence: 'https://github.com/acme/app/pull/42',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      evidence: 'https://github.com/acme/app/pull/42',
      doneAt: t.clock.now().toISOString(),
    });
    const again = await patch(bob.token, action.id, { status: 'deferred', reason: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('action_transition');

    const reopened = await patch(bob.token, action.id, { status: 'in_progress' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', evidence: null, doneAt: null });
    const note = await patch(bob.token, action.id, {
      status: 'done',
      evidence: 'Alert rule added in Grafana',
    });
    expect(note.body).toMatchObject({ status: 'done', evidence: 'Alert rule added in Grafana' });

    const other = (
      await create(alice.token, id, {
        title: 'Rewrite sign-up',
        ownerId: bob.user.id,
        dueDate: '2025-05-01',
      })
    ).body;
    const deferred = await patch(alice.token, other.id, {
      status: 'deferred',
      reason: 'Planned for Q3 with the redesign',
    });
    expect(deferred.body).toMatchObject({
      status: 'deferred',
      reason: 'Planned for Q3 with the redesign',
      doneAt: null,
    });

    const timeline = await call<{ items: { data: Record<string, unknown> }[] }>(
      viewer.token,
      'GET',
      `/api/v1/incidents/${id}/timeline?type=action.status_changed`,
    );
    expect(timeline.body.items.map((e) => [e.data['from'], e.data['to']])).toEqual([
      ['open', 'in_progress'],
      ['in_progress', 'done'],
      ['done', 'in_progress'],
      ['in_progress', 'done'],
      ['open', 'deferred'],
    ]);
    expect((await patch(viewer.token, other.id, { status: 'open' })).status).toBe(403);
  });

  it('refuses to close the incident while an action is open, and closes once all are done or deferred', async () => {
    const id = await incidentInPostmortem();
    const first = (
      await create(alice.token, id, {
        title: 'Add a regression test',
        ownerId: bob.user.id,
        dueDate: '2025-04-03',
      })
    ).body;
    await toFollowUp(id);
    const second = (
      await create(alice.token, id, {
        title: 'Document the fallback',
        ownerId: alice.user.id,
        dueDate: '2025-04-04',
      })
    ).body;

    const blocked = await move(id, 'closed');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details).toEqual([
      {
        code: 'actions_open',
        message:
          '2 prevention action(s) are still open. Mark each done (with evidence) or defer it with a reason. Any responder can do it.',
        who: ['responder'],
      },
    ]);
    await patch(bob.token, first.id, { status: 'done', evidence: 'https://ci.example.test/run/7' });
    expect((await move(id, 'closed')).status).toBe(409);
    await patch(alice.token, second.id, {
      status: 'deferred',
      reason: 'Docs move to the new portal next month',
    });
    const closed = await move(id, 'closed');
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');

    const afterClose = await patch(bob.token, first.id, { status: 'in_progress' });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.error.code).toBe('incident_finished');
    const late = await create(alice.token, id, {
      title: 'Late',
      ownerId: bob.user.id,
      dueDate: '2025-04-10',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('action_not_allowed');
  });

  it('closes the incident by itself once the last action settles when the playbook says autoClose', async () => {
    const loaded = await loadDefaultPlaybook();
    const original = t.playbooks.current();
    const playbook = {
      ...loaded.playbook,
      followUp: { ...loaded.playbook.followUp, autoClose: true },
    };
    const ref = await ensurePlaybookVersion(t.store.db, 'default', {
      playbook,
      source: 'test',
      hash: `${loaded.hash}:auto-close`,
    });
    t.playbooks.setCurrent({ id: ref.id, version: ref.version, playbook });
    try {
      const id = await incidentInPostmortem();
      const early = (
        await create(alice.token, id, {
          title: 'Done before follow-up',
          ownerId: bob.user.id,
          dueDate: '2025-04-03',
        })
      ).body;
      const last = (
        await create(alice.token, id, {
          title: 'Done in follow-up',
          ownerId: bob.user.id,
          dueDate: '2025-04-03',
        })
      ).body;
      await patch(bob.token, early.id, { status: 'done', evidence: 'https://example.test/1' });
      await toFollowUp(id);
      t.clock.advance(60_000);
      expect(
        (await patch(bob.token, last.id, { status: 'done', evidence: 'https://example.test/2' }))
          .status,
      ).toBe(200);
      const incident = await call<{ status: string; milestones: Record<string, string | null> }>(
        viewer.token,
        'GET',
        `/api/v1/incidents/${id}`,
      );
      expect([incident.body.status, incident.body.milestones['closedAt']]).toEqual([
        'closed',
        t.clock.now().toISOString(),
      ]);
    } finally {
      t.playbooks.setCurrent(original);
    }
  });

  it('lists actions by status, owner and overdue on the fake clock, overdue first, with cursor pages', async () => {
    const owner = await t.createUser('responder', { name: 'Olga' });
    const id = await incidentInPostmortem();
    const make = async (title: string, dueDate: string, ownerId = owner.user.id) =>
      (await create(alice.token, id, { title, ownerId, dueDate })).body;
    const a = await make('A', '2025-04-02');
    const b = await make('B', '2025-04-04');
    const c = await make('C', '2025-04-03');
    const d = await make('D', '2025-04-20');
    const e = await make('E', '2025-04-02', bob.user.id);
    await patch(owner.token, c.id, { status: 'in_progress' });
    await patch(owner.token, d.id, { status: 'done', evidence: 'https://example.test/done' });

    const titles = async (query: string, token = viewer.token) => {
      const page = await call<PageJson>(token, 'GET', `/api/v1/actions?${query}`);
      expect(page.status).toBe(200);
      return page.body.items.map((item) => item.title);
    };
    expect(await titles(`owner=${owner.user.id}`)).toEqual(['A', 'C', 'B', 'D']);
    expect(await titles(`owner=${owner.user.id}&status=open`)).toEqual(['A', 'B']);
    expect(await titles(`owner=${owner.user.id}&status=open&status=in_progress`)).toEqual([
      'A',
      'C',
      'B',
    ]);
    expect(await titles(`owner=${owner.user.id}&status=in_progress,done`)).toEqual(['C', 'D']);
    // A and E share a due date: the id breaks the tie.
    const tie = [a, e].sort((x, y) => (x.id < y.id ? -1 : 1)).map((item) => item.title);
    expect(await titles(`incidentId=${id}&status=open`)).toEqual([...tie, 'B']);
    expect(await titles(`owner=${owner.user.id}&overdue=true`)).toEqual([]);

    // Four days later (2025-04-05 in Tokyo): A (04-02), C (04-03) and B (04-04) are overdue; D is done.
    t.clock.advance(4 * DAY);
    expect(await titles(`owner=${owner.user.id}&overdue=true`)).toEqual(['A', 'C', 'B']);
    expect(await titles(`owner=${owner.user.id}&overdue=false`)).toEqual(['D']);
    await patch(owner.token, a.id, { status: 'deferred', reason: 'Superseded by C' });
    const board = await call<PageJson>(
      viewer.token,
      'GET',
      `/api/v1/actions?owner=${owner.user.id}`,
    );
    expect(board.body.items.map((item) => [item.title, item.isOverdue])).toEqual([
      ['C', true],
      ['B', true],
      ['A', false],
      ['D', false],
    ]);

    const first = await call<PageJson>(
      viewer.token,
      'GET',
      `/api/v1/actions?owner=${owner.user.id}&limit=3`,
    );
    expect(first.body.items.map((item) => item.title)).toEqual(['C', 'B', 'A']);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await call<PageJson>(
      viewer.token,
      'GET',
      `/api/v1/actions?owner=${owner.user.id}&limit=3&cursor=${first.body.nextCursor ?? ''}`,
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ title: 'D' })],
      nextCursor: null,
    });

    const perIncident = await call<PageJson>(
      viewer.token,
      'GET',
      `/api/v1/incidents/${id}/actions?status=open`,
    );
    expect(perIncident.body.items.map((item) => item.title)).toEqual(['E', 'B']);
    expect(perIncident.body.items.map((item) => item.id)).toEqual([e.id, b.id]);

    const badStatus = await call(viewer.token, 'GET', '/api/v1/actions?status=finished');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.code).toBe('validation_failed');
    const badCursor = await call(viewer.token, 'GET', '/api/v1/actions?cursor=nonsense');
    expect(badCursor.status).toBe(400);
  });

  it('keeps the actions of a private incident invisible to non-members', async () => {
    const id = await incidentInPostmortem({ isPrivate: true });
    const action = (
      await create(alice.token, id, {
        title: 'Rotate the leaked key',
        ownerId: alice.user.id,
        dueDate: '2025-04-02',
      })
    ).body;

    const forViewer = await call<PageJson>(
      viewer.token,
      'GET',
      `/api/v1/actions?owner=${alice.user.id}`,
    );
    expect(forViewer.body.items.map((item) => item.id)).not.toContain(action.id);
    expect(forViewer.body.items.filter((item) => item.incidentId === id)).toEqual([]);
    const one = await call(viewer.token, 'GET', `/api/v1/actions/${action.id}`);
    expect(one.status).toBe(404);
    expect(one.body.error.code).toBe('action_not_found');
    expect(
      (await call(viewer.token, 'GET', `/api/v1/incidents/${id}/actions`)).body.error.code,
    ).toBe('incident_not_found');
    expect((await patch(bob.token, action.id, { status: 'in_progress' })).body.error.code).toBe(
      'action_not_found',
    );

    const forMember = await call<PageJson>(alice.token, 'GET', `/api/v1/actions?incidentId=${id}`);
    expect(forMember.body.items.map((item) => item.id)).toEqual([action.id]);
    const forAdmin = await call<PageJson>(t.adminToken, 'GET', `/api/v1/actions?incidentId=${id}`);
    expect(forAdmin.body.items.map((item) => item.id)).toEqual([action.id]);

    // Giving Bob an action on it makes him a member: he can then see it.
    const bobs = (
      await create(alice.token, id, {
        title: 'Audit access logs',
        ownerId: bob.user.id,
        dueDate: '2025-04-03',
      })
    ).body;
    const forBob = await call<PageJson>(bob.token, 'GET', `/api/v1/incidents/${id}/actions`);
    expect(forBob.body.items.map((item) => item.id)).toEqual([action.id, bobs.id]);
  });
});
