import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';

/**
 * The seed's whole flow through the REST API alone, on each database: an inquiry is reported,
 * quickly investigated and declared SEV2; roles are taken; the web side is rolled back and the
 * iOS app fixed with a forced update; convergence is confirmed; the postmortem is written and
 * published; the prevention action is done with evidence; the incident is closed.
 */
describe.each(testDatabaseKinds())('the seed flow on %s', (kind) => {
  let t: TestServer;
  let support: TestUser;
  let ic: TestUser;
  let dev: TestUser;

  beforeAll(async () => {
    t = await startTestServer(kind);
    support = await t.createUser('viewer', { name: 'Support' });
    ic = await t.createUser('responder', { name: 'Commander' });
    dev = await t.createUser('responder', { name: 'Investigator' });
  });
  afterAll(async () => t.close());

  async function api<T = Record<string, unknown>>(who: TestUser, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    const response = await t.app.inject({ method, url, headers: t.auth(who.token), ...(payload ? { payload } : {}) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url} → ${response.statusCode} ${response.body}`);
    return response.json<T>();
  }
  const minutes = (n: number) => t.clock.advance(n * 60_000);

  it('goes from a user inquiry to a closed incident', async () => {
    const report = await api<{ id: string }>(support, 'POST', '/api/v1/reports', {
      source: 'inquiry',
      title: 'Videos do not play on iOS 17',
      description: 'Several users wrote in since 10:00.',
    });
    await api(dev, 'POST', `/api/v1/reports/${report.id}/claim`);
    const answers = await api<{ suggestion: string }>(dev, 'POST', `/api/v1/reports/${report.id}/answers`, {
      answers: { users_affected: true },
    });
    expect(answers.suggestion).toBe('declare');
    const incident = await api<{ id: string; number: number; status: string }>(dev, 'POST', `/api/v1/reports/${report.id}/declare`, {
      severity: 'SEV2',
      platforms: ['ios', 'web'],
      impact: 'iOS 17 users cannot play videos',
    });
    expect([incident.number, incident.status]).toEqual([1, 'responding']);
    const id = incident.id;

    await api(ic, 'PUT', `/api/v1/incidents/${id}/roles/commander`, { userId: ic.user.id });
    await api(ic, 'PUT', `/api/v1/incidents/${id}/roles/investigator`, { userId: dev.user.id });
    await api(dev, 'POST', `/api/v1/incidents/${id}/decisions/options`, {
      options: [
        { key: 'rollback_web', title: 'Roll back the web player' },
        { key: 'hotfix_ios', title: 'Ship an iOS hotfix' },
      ],
    });
    await api(ic, 'POST', `/api/v1/incidents/${id}/decisions`, { optionKey: 'hotfix_ios', decision: 'Hotfix iOS, roll back web now' });
    minutes(5);
    await api(dev, 'POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'rollback' });
    minutes(40);
    const fixed = await api<{ releases: { id: string; platform: string }[] }>(dev, 'POST', `/api/v1/incidents/${id}/releases`, {
      platform: 'ios',
      kind: 'fix',
      appVersion: '7.4.1',
    });
    const iosRelease = fixed.releases.find((r) => r.platform === 'ios')?.id ?? '';
    await api(ic, 'POST', `/api/v1/incidents/${id}/status`, { status: 'monitoring' });
    minutes(90);
    await api(dev, 'PATCH', `/api/v1/incidents/${id}/releases/${iosRelease}`, {
      storeSubmittedAt: new Date(t.clock.now().getTime() - 80 * 60_000).toISOString(),
      storeApprovedAt: new Date(t.clock.now().getTime() - 20 * 60_000).toISOString(),
      forcedUpdateAt: t.clock.now().toISOString(),
    });
    const now = await api<{ next: string; blockers: unknown[] }>(support, 'GET', `/api/v1/incidents/${id}/now`);
    expect(now).toMatchObject({ next: 'resolved', blockers: [] });
    await api(ic, 'POST', `/api/v1/incidents/${id}/status`, { status: 'resolved', note: 'No new errors or inquiries for 60 minutes' });
    await api(ic, 'POST', `/api/v1/incidents/${id}/status`, { status: 'postmortem' });

    const draft = await api<{ sections: { key: string; required: boolean; body: string }[] }>(ic, 'GET', `/api/v1/incidents/${id}/postmortem`);
    expect(draft.sections.find((s) => s.key === 'timeline')?.body).toContain('SEV2');
    const bodies = draft.sections.filter((s) => s.required && s.body === '').map((s) => ({ key: s.key, body: `Written: ${s.key}` }));
    await api(ic, 'PUT', `/api/v1/incidents/${id}/postmortem`, { sections: bodies });
    await api(ic, 'POST', `/api/v1/incidents/${id}/postmortem/publish`);
    await api(ic, 'POST', `/api/v1/incidents/${id}/status`, { status: 'follow_up' });

    const action = await api<{ id: string }>(ic, 'POST', `/api/v1/incidents/${id}/actions`, {
      title: 'Add iOS 17 to the playback smoke test',
      ownerId: dev.user.id,
      dueDate: '2025-04-10',
    });
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/status`, headers: t.auth(ic.token), payload: { status: 'closed' } });
    expect(refused.statusCode).toBe(409);
    await api(dev, 'PATCH', `/api/v1/actions/${action.id}`, { status: 'done', evidence: 'https://git.example.test/pr/42' });
    const closed = await api<{ status: string; milestones: Record<string, string | null> }>(ic, 'POST', `/api/v1/incidents/${id}/status`, { status: 'closed' });
    expect(closed.status).toBe('closed');
    expect(Object.entries(closed.milestones).filter(([, at]) => at === null).map(([name]) => name)).toEqual(['impactStartedAt', 'canceledAt']);

    const timeline = await api<{ items: { type: string }[] }>(support, 'GET', `/api/v1/incidents/${id}/timeline?limit=500`);
    expect(timeline.items.map((e) => e.type)).toEqual([
      'incident.declared',
      'incident.report_linked',
      'incident.role_assigned',
      'incident.role_assigned',
      'incident.options_proposed',
      'incident.decision_recorded',
      'incident.release_recorded',
      'incident.release_recorded',
      'incident.status_changed',
      'incident.release_updated',
      'incident.status_changed',
      'incident.status_changed',
      'postmortem.section_updated',
      'postmortem.published',
      'incident.status_changed',
      'action.created',
      'action.status_changed',
      'incident.status_changed',
    ]);
    const outbox = await t.store.db.selectFrom('outbox').select('topic').where('incident_id', '=', id).execute();
    const topics = new Set(outbox.map((o) => o.topic));
    expect([...topics].sort()).toEqual([
      'slack.announce',
      'slack.announce_convergence',
      'slack.archive_channel',
      'slack.invite',
      'slack.open_channel',
      'slack.postmortem_news',
      'slack.refresh_card',
      'webhook.deliver',
    ]);
  });
});
