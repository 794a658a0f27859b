import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';

interface IncidentJson {
  id: string;
  number: number;
  status: string;
  severity: string | null;
  platforms: string[];
  roles: Record<string, { id: string } | null>;
  milestones: Record<string, string | null>;
  tasks: { id: string; key: string; role: string; status: string; blocks: string | null; doneAt: string | null }[];
  releases: { id: string; platform: string; kind: string; forcedUpdateAt: string | null }[];
  warnings: { code: string; message: string }[];
}

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

describe.each(testDatabaseKinds())('incidents API on %s', (kind) => {
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

  async function call<T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, lang = 'en') {
    const response = await t.app.inject({
      method,
      url,
      headers: { ...t.auth(token), 'accept-language': lang },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  const declare = (token: string, body: object) => call<IncidentJson>(token, 'POST', '/api/v1/incidents', body);
  const move = (token: string, id: string, status: string, note?: string) =>
    call<IncidentJson & ErrorJson>(token, 'POST', `/api/v1/incidents/${id}/status`, { status, ...(note ? { note } : {}) });

  it('runs the flow from declaration to the postmortem stage with every guard enforced', async () => {
    const declared = await declare(alice.token, { title: 'Android users cannot log in', severity: 'SEV2', platforms: ['android', 'web'] });
    expect(declared.status).toBe(201);
    const id = declared.body.id;
    expect(declared.body.status).toBe('responding');
    expect(declared.body.roles).toEqual({ commander: null, investigator: null });
    expect(declared.body.tasks.every((task) => task.status === 'responding')).toBe(true);

    const now = await call<{ next: string; blockers: { code: string }[]; unassignedRoles: string[] }>(alice.token, 'GET', `/api/v1/incidents/${id}/now`);
    expect(now.body.next).toBe('monitoring');
    expect(now.body.blockers.map((b) => b.code)).toEqual(['release_required']);
    expect(now.body.unassignedRoles).toEqual(['commander', 'investigator']);

    const commander = await call<IncidentJson>(alice.token, 'PUT', `/api/v1/incidents/${id}/roles/commander`, { userId: alice.user.id });
    expect(commander.status).toBe(200);
    expect(commander.body.roles['commander']?.id).toBe(alice.user.id);
    expect(commander.body.milestones['acknowledgedAt']).toBe(t.clock.now().toISOString());
    const conflict = await call<ErrorJson>(alice.token, 'PUT', `/api/v1/incidents/${id}/roles/investigator`, { userId: alice.user.id });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('role_conflict');
    await call(alice.token, 'PUT', `/api/v1/incidents/${id}/roles/investigator`, { userId: bob.user.id });

    const blocked = await move(bob.token, id, 'monitoring');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('transition_blocked');

    const androidRollback = await call<ErrorJson>(bob.token, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'android', kind: 'rollback' });
    expect(androidRollback.status).toBe(422);
    expect(androidRollback.body.error.code).toBe('rollback_not_possible');
    const webRollback = await call<IncidentJson>(bob.token, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'rollback' });
    expect(webRollback.status).toBe(201);
    expect(webRollback.body.milestones['mitigatedAt']).toBe(t.clock.now().toISOString());

    const fix = await call<IncidentJson>(bob.token, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'android', kind: 'fix', appVersion: '5.2.1' });
    const forced = fix.body.tasks.filter((task) => task.key === 'set_forced_update:android');
    expect(forced).toEqual([expect.objectContaining({ role: 'investigator', blocks: 'resolved', doneAt: null })]);

    expect((await move(bob.token, id, 'monitoring')).status).toBe(200);

    t.clock.advance(10 * 60_000);
    const early = await move(bob.token, id, 'resolved');
    expect(early.status).toBe(409);
    const codes = (early.body.error.details as { code: string }[]).map((b) => b.code);
    expect(codes).toEqual(['task_open', 'convergence_watch_running']);

    const android = fix.body.releases.find((r) => r.platform === 'android');
    const patched = await call<IncidentJson>(bob.token, 'PATCH', `/api/v1/incidents/${id}/releases/${android?.id ?? ''}`, {
      storeSubmittedAt: new Date(t.clock.now().getTime() - 5 * 60_000).toISOString(),
      storeApprovedAt: new Date(t.clock.now().getTime() - 2 * 60_000).toISOString(),
      forcedUpdateAt: t.clock.now().toISOString(),
    });
    expect(patched.status).toBe(200);
    expect(patched.body.tasks.find((task) => task.key === 'set_forced_update:android')?.doneAt).toBe(t.clock.now().toISOString());

    // Bob is not the commander: the watch window must pass first; Alice (commander) may decide now.
    expect((await move(bob.token, id, 'resolved')).body.error.code).toBe('transition_blocked');
    t.clock.advance(51 * 60_000);
    const resolved = await move(bob.token, id, 'resolved');
    expect(resolved.status).toBe(200);
    expect(resolved.body.milestones['resolvedAt']).toBe(t.clock.now().toISOString());

    const postmortem = await move(alice.token, id, 'postmortem');
    expect(postmortem.status).toBe(200);
    const followUp = await move(alice.token, id, 'follow_up');
    expect(followUp.status).toBe(409);
    expect((followUp.body.error.details as { code: string }[]).map((b) => b.code)).toEqual([
      'postmortem_sections_missing',
      'postmortem_not_published',
    ]);

    const timeline = await call<{ items: { type: string }[] }>(viewer.token, 'GET', `/api/v1/incidents/${id}/timeline?limit=100`);
    expect(timeline.body.items.map((e) => e.type)).toEqual([
      'incident.declared',
      'incident.role_assigned',
      'incident.role_assigned',
      'incident.release_recorded',
      'incident.release_recorded',
      'incident.status_changed',
      'incident.release_updated',
      'incident.status_changed',
      'incident.status_changed',
    ]);
  });

  it('lets the commander confirm convergence before the watch window ends', async () => {
    const { body } = await declare(alice.token, { title: 'Checkout slow', severity: 'SEV3', commanderId: alice.user.id });
    await call(bob.token, 'POST', `/api/v1/incidents/${body.id}/releases`, { platform: 'web', kind: 'fix' });
    await move(bob.token, body.id, 'monitoring');
    const resolved = await move(alice.token, body.id, 'resolved');
    expect(resolved.status).toBe(200);
    const events = await call<{ items: { type: string; data: Record<string, unknown> }[] }>(alice.token, 'GET', `/api/v1/incidents/${body.id}/timeline?type=incident.status_changed`);
    expect(events.body.items.map((e) => [e.data['to'], e.data['isExplicitDecision']])).toEqual([
      ['monitoring', false],
      ['resolved', true],
    ]);
  });

  it('waits in triage without a severity and needs one to start responding', async () => {
    const { body } = await declare(alice.token, { title: 'Something odd in the logs' });
    expect(body.status).toBe('triage');
    const refused = await move(alice.token, body.id, 'responding');
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual([
      { code: 'severity_required', message: expect.stringContaining('severity') as unknown, who: ['responder'] },
    ]);
    const severity = await call<IncidentJson>(alice.token, 'POST', `/api/v1/incidents/${body.id}/severity`, { severity: 'SEV3' });
    expect(severity.body.severity).toBe('SEV3');
    expect((await move(alice.token, body.id, 'responding')).body.status).toBe('responding');
    const unknown = await call<ErrorJson>(alice.token, 'POST', `/api/v1/incidents/${body.id}/severity`, { severity: 'SEV9' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'unknown_severity']);
  });

  it('cancels only with a reason, and refuses moves outside the table', async () => {
    const { body } = await declare(alice.token, { title: 'False alarm', severity: 'SEV3' });
    expect((await move(alice.token, body.id, 'closed')).body.error.code).toBe('invalid_transition');
    expect((await move(alice.token, body.id, 'canceled')).body.error.code).toBe('transition_blocked');
    const canceled = await move(alice.token, body.id, 'canceled', 'Monitoring glitch, no user impact');
    expect(canceled.body.status).toBe('canceled');
    const after = await call<ErrorJson>(alice.token, 'POST', `/api/v1/incidents/${body.id}/severity`, { severity: 'SEV1' });
    expect([after.status, after.body.error.code]).toEqual([409, 'severity_locked']);
  });

  it('warns when the commander is the person whose change triggered the incident', async () => {
    const { body } = await declare(alice.token, { title: 'Bad deploy', severity: 'SEV2', triggeredByUserId: bob.user.id });
    const assigned = await call<IncidentJson>(alice.token, 'PUT', `/api/v1/incidents/${body.id}/roles/commander`, { userId: bob.user.id }, 'ja');
    expect(assigned.status).toBe(200);
    expect(assigned.body.warnings.map((w) => w.code)).toEqual(['commander_triggered_incident']);
    expect(assigned.body.warnings[0]?.message).toContain('指揮官');
  });

  it('suggests commanders least recently served first, never the investigator', async () => {
    const carol = await t.createUser('responder', { name: 'Carol' });
    const { body } = await declare(alice.token, { title: 'Rotation check', severity: 'SEV3', investigatorId: carol.user.id });
    const suggestions = await call<{ items: { user: { id: string }; lastServedAt: string | null }[] }>(
      alice.token,
      'GET',
      `/api/v1/incidents/${body.id}/roles/commander/suggestions`,
    );
    const ids = suggestions.body.items.map((s) => s.user.id);
    expect(ids).not.toContain(carol.user.id);
    expect(ids).toContain(alice.user.id);
    // People who never served come first, then the least recently served.
    const order = suggestions.body.items.map((s) => (s.lastServedAt === null ? 0 : Date.parse(s.lastServedAt)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(suggestions.body.items.at(-1)?.lastServedAt).not.toBeNull();
  });

  it('keeps private incidents invisible to non-members (404, not 403) and out of lists', async () => {
    const { body } = await declare(alice.token, { title: 'Possible data leak', severity: 'SEV1', isPrivate: true });
    expect((await call<ErrorJson>(bob.token, 'GET', `/api/v1/incidents/${body.id}`)).status).toBe(404);
    expect((await call<ErrorJson>(viewer.token, 'GET', `/api/v1/incidents/${body.number}/now`)).status).toBe(404);
    expect((await move(bob.token, body.id, 'canceled', 'x')).status).toBe(404);
    const list = await call<{ items: { id: string }[] }>(bob.token, 'GET', '/api/v1/incidents?limit=200');
    expect(list.body.items.map((i) => i.id)).not.toContain(body.id);
    expect((await call(alice.token, 'GET', `/api/v1/incidents/${body.id}`)).status).toBe(200);
    expect((await call(t.adminToken, 'GET', `/api/v1/incidents/${body.id}`)).status).toBe(200);
    await call(alice.token, 'PATCH', `/api/v1/incidents/${body.id}`, { addMemberIds: [bob.user.id] });
    expect((await call(bob.token, 'GET', `/api/v1/incidents/${body.id}`)).status).toBe(200);
  });

  it('refuses viewers on every change and unknown ids with 404', async () => {
    expect((await declare(viewer.token, { title: 'x', severity: 'SEV3' })).status).toBe(403);
    const { body } = await declare(alice.token, { title: 'Viewer check', severity: 'SEV3' });
    expect((await move(viewer.token, body.id, 'canceled', 'x')).status).toBe(403);
    expect((await call(alice.token, 'GET', '/api/v1/incidents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call(alice.token, 'GET', '/api/v1/incidents/not-an-id')).status).toBe(400);
  });

  it('validates bodies: unknown fields, wrong types, bad milestone corrections', async () => {
    const unknownField = await call<ErrorJson>(alice.token, 'POST', '/api/v1/incidents', { title: 'x', sevrity: 'SEV1' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.error.details)).toContain('sevrity');
    const wrongType = await call<ErrorJson>(alice.token, 'POST', '/api/v1/incidents', { title: 42 });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body.error.details)).toContain('title');

    const { body } = await declare(alice.token, { title: 'Milestones', severity: 'SEV3' });
    const future = await call<ErrorJson>(alice.token, 'PATCH', `/api/v1/incidents/${body.id}/milestones`, {
      milestone: 'impact_started_at',
      at: new Date(t.clock.now().getTime() + 60_000).toISOString(),
      reason: 'typo',
    });
    expect(future.body.error.code).toBe('milestone_in_future');
    const earlier = new Date(t.clock.now().getTime() - 30 * 60_000).toISOString();
    const corrected = await call<IncidentJson>(alice.token, 'PATCH', `/api/v1/incidents/${body.id}/milestones`, {
      milestone: 'impact_started_at',
      at: earlier,
      reason: 'Errors started 30 minutes before the alert',
    });
    expect(corrected.body.milestones['impactStartedAt']).toBe(earlier);
    const events = await call<{ items: { type: string; data: Record<string, unknown> }[] }>(alice.token, 'GET', `/api/v1/incidents/${body.id}/timeline?type=incident.milestone_corrected`);
    expect(events.body.items.map((e) => e.data)).toEqual([
      { milestone: 'impact_started_at', from: null, to: earlier, reason: 'Errors started 30 minutes before the alert' },
    ]);
  });

  it('records the investigator options and the commander decision', async () => {
    const { body } = await declare(alice.token, { title: 'Decisions', severity: 'SEV2', commanderId: alice.user.id, investigatorId: bob.user.id });
    const options = { options: [{ key: 'rollback', title: 'Roll back web' }, { key: 'flag', title: 'Turn the feature flag off' }] };
    expect((await call(alice.token, 'POST', `/api/v1/incidents/${body.id}/decisions/options`, options)).status).toBe(403);
    expect((await call(bob.token, 'POST', `/api/v1/incidents/${body.id}/decisions/options`, options)).status).toBe(201);
    expect((await call(bob.token, 'POST', `/api/v1/incidents/${body.id}/decisions`, { optionKey: 'flag', decision: 'Flag off' })).status).toBe(403);
    const unknown = await call<ErrorJson>(alice.token, 'POST', `/api/v1/incidents/${body.id}/decisions`, { optionKey: 'nope', decision: 'x' });
    expect(unknown.body.error.code).toBe('validation_failed');
    expect((await call(alice.token, 'POST', `/api/v1/incidents/${body.id}/decisions`, { optionKey: 'flag', decision: 'Flag off now' })).status).toBe(201);
    const detail = await call<{ decisions: { kind: string; authorName: string | null }[] }>(alice.token, 'GET', `/api/v1/incidents/${body.id}`);
    expect(detail.body.decisions.map((d) => [d.kind, d.authorName])).toEqual([
      ['options', bob.user.name],
      ['decision', alice.user.name],
    ]);
  });

  it('gives gap-free numbers under concurrent declares and lets one of two conflicting moves win', async () => {
    const before = await call<{ items: { number: number }[] }>(alice.token, 'GET', '/api/v1/incidents?limit=1');
    const last = before.body.items[0]?.number ?? 0;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => declare(alice.token, { title: `Storm ${i}`, severity: 'SEV3' })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(results.map((r) => r.body.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => last + 1 + i));

    const target = results[0]?.body.id ?? '';
    await call(alice.token, 'POST', `/api/v1/incidents/${target}/releases`, { platform: 'web', kind: 'fix' });
    const [a, b] = await Promise.all([move(alice.token, target, 'monitoring'), move(bob.token, target, 'monitoring')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('paginates the list with a cursor and filters by status and severity', async () => {
    const page1 = await call<{ items: { number: number }[]; nextCursor: string }>(alice.token, 'GET', '/api/v1/incidents?limit=3');
    const page2 = await call<{ items: { number: number }[]; nextCursor: string | null }>(alice.token, 'GET', `/api/v1/incidents?limit=3&cursor=${page1.body.nextCursor}`);
    const all = await call<{ items: { number: number; status: string; severity: string }[] }>(alice.token, 'GET', '/api/v1/incidents?limit=200');
    expect([...page1.body.items, ...page2.body.items].map((i) => i.number)).toEqual(all.body.items.slice(0, 6).map((i) => i.number));
    const canceled = await call<{ items: { status: string }[] }>(alice.token, 'GET', '/api/v1/incidents?status=canceled');
    expect(canceled.body.items.map((i) => i.status)).toEqual(all.body.items.filter((i) => i.status === 'canceled').map((i) => i.status));
    const sev1 = await call<{ items: { severity: string }[] }>(alice.token, 'GET', '/api/v1/incidents?severity=SEV1');
    expect(sev1.body.items.length).toBe(all.body.items.filter((i) => i.severity === 'SEV1').length);
    expect((await call<ErrorJson>(alice.token, 'GET', '/api/v1/incidents?cursor=garbage')).status).toBe(400);
  });
});
