import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runUseCase } from '../../src/app/context.ts';
import { recordHomeOpened } from '../../src/app/slack/home-refresh.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startHarness, type DeliveryHarness } from './harness.ts';

/**
 * The App Home stays fresh: changes shown there republish it for the people who opened it
 * recently, once per 5-second window however many changes the window holds.
 */

describe.each(testDatabaseKinds())('App Home refresh on %s', (kind) => {
  let h: DeliveryHarness;

  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  const api = (method: 'PUT' | 'POST', url: string, payload: object) =>
    h.server.app.inject({ method, url, headers: h.server.auth(h.server.adminToken), payload });
  const homeOf = (slackUserId: string) => JSON.stringify(h.slack.state.views.get(h.slack.state.homeViews.get(slackUserId) ?? '')?.definition.blocks ?? null);
  const publishesFor = (slackUserId: string) => h.slack.callsTo('views.publish').filter((c) => c.args['user_id'] === slackUserId);

  it('republishes the Home of recent viewers once after a burst of changes, and not for old viewers', async () => {
    const carol = h.slack.addUser({ name: 'carol' });
    const olive = h.slack.addUser({ name: 'olive' });
    const commander = await h.server.createUser('responder', { slackUserId: carol.id, locale: 'en' });
    const old = await h.server.createUser('responder', { slackUserId: olive.id, locale: 'en' });
    await runUseCase(h.server.deps.app, { userId: old.user.id, role: 'responder' }, recordHomeOpened, { slackUserId: olive.id });
    h.server.clock.advance(8 * 24 * 3_600_000); // olive looked 8 days ago
    await runUseCase(h.server.deps.app, { userId: commander.user.id, role: 'responder' }, recordHomeOpened, { slackUserId: carol.id });

    const incident = await h.declare({ title: 'Home burst', severity: 'SEV3' });
    await h.drainAll();
    // A burst: the role, a severity change, a status update, all in one window.
    expect((await api('PUT', `/api/v1/incidents/${incident.id}/roles/commander`, { userId: commander.user.id })).statusCode).toBe(200);
    expect((await api('POST', `/api/v1/incidents/${incident.id}/severity`, { severity: 'SEV2' })).statusCode).toBe(200);
    await h.drainAll();
    expect(publishesFor(carol.id)).toHaveLength(0); // not before the window ends
    const homeRows = () => h.server.store.db.selectFrom('outbox').select(['status']).where('topic', '=', 'slack.refresh_home').execute();
    expect(await homeRows()).toHaveLength(1);

    h.server.clock.advance(5_000);
    await h.drainAll();
    expect(publishesFor(carol.id)).toHaveLength(1);
    expect(publishesFor(olive.id)).toHaveLength(0);
    expect(homeOf(carol.id)).toContain('Home burst');
    expect(homeOf(carol.id)).toContain('Your roles and tasks');
    expect(await homeRows()).toEqual([{ status: 'done' }]);

    // A later change, a later window: published again, with what changed.
    expect((await api('POST', `/api/v1/incidents/${incident.id}/severity`, { severity: 'SEV1' })).statusCode).toBe(200);
    h.server.clock.advance(5_000);
    await h.drainAll();
    expect(publishesFor(carol.id)).toHaveLength(2);
    expect(homeOf(carol.id)).toContain('SEV1');
  });

  it('republishes after a plain declare (the one-statement insert records the refresh too)', async () => {
    const carol = h.slack.addUser({ name: 'carol' });
    const viewer = await h.server.createUser('responder', { slackUserId: carol.id, locale: 'en' });
    await runUseCase(h.server.deps.app, { userId: viewer.user.id, role: 'responder' }, recordHomeOpened, { slackUserId: carol.id });
    await h.declare({ title: 'Declared alone', severity: 'SEV3' });
    const rows = await h.server.store.db.selectFrom('outbox').select(['incident_id']).where('topic', '=', 'slack.refresh_home').execute();
    expect(rows).toEqual([{ incident_id: null }]);
    h.server.clock.advance(5_000);
    await h.drainAll();
    expect(publishesFor(carol.id)).toHaveLength(1);
    expect(homeOf(carol.id)).toContain('Declared alone');
  });

  it('republishes when a report starts waiting, for a viewer who can see it', async () => {
    const dana = h.slack.addUser({ name: 'dana' });
    const viewer = await h.server.createUser('responder', { slackUserId: dana.id, locale: 'en' });
    await runUseCase(h.server.deps.app, { userId: viewer.user.id, role: 'responder' }, recordHomeOpened, { slackUserId: dana.id });
    expect((await api('POST', '/api/v1/reports', { source: 'inquiry', title: 'Users cannot log in', description: 'three tickets' })).statusCode).toBe(201);
    h.server.clock.advance(5_000);
    await h.drainAll();
    expect(publishesFor(dana.id)).toHaveLength(1);
    expect(homeOf(dana.id)).toContain('Users cannot log in');
  });
});
