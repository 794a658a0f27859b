import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { findChannelOfIncident } from '../../src/store/slack-channels.ts';
import { startWorkers } from '../../src/workers.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { outboxOf, startHarness, type DeliveryHarness } from './harness.ts';

const MINUTE = 60_000;

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
}

describe.each(testDatabaseKinds())('Slack catch-up and incident timers on %s', (kind) => {
  let h: DeliveryHarness;

  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('leaves Slack rows pending while Slack is not configured and delivers them once it is', async () => {
    const deps = { store: h.server.store, app: h.server.deps.app, logger: h.server.app.log };
    const without = await startWorkers({ ...deps, config: loadConfig({ HIKESHI_PUBLIC_URL: 'http://hikeshi.test' }) });
    const incident = await h.declare({ title: 'Slack is not set up yet', severity: 'SEV3' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await without.stop();
    expect(h.slack.calls).toHaveLength(0);
    expect((await outboxOf(h, incident.id)).map((r) => r.status)).toEqual(['pending', 'pending']);
    // The web and API keep working meanwhile.
    const now = await h.server.app.inject({ url: `/api/v1/incidents/${incident.id}/now`, headers: h.server.auth(h.server.adminToken) });
    expect(now.statusCode).toBe(200);

    const config = loadConfig({ SLACK_BOT_TOKEN: h.slack.botToken, SLACK_API_URL: h.slack.url, HIKESHI_PUBLIC_URL: 'http://hikeshi.test' });
    const workers = await startWorkers({ ...deps, config });
    try {
      await until(async () => (await outboxOf(h, incident.id)).every((r) => r.status === 'done'));
    } finally {
      await workers.stop();
    }
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(saved?.card_ts).toBeTruthy();
    expect(h.slack.state.channels.get(saved?.channel_id ?? '')?.pins).toEqual([saved?.card_ts]);
  });

  it('reminds the commander at the severity cadence and escalates a second missed update', async () => {
    const erin = h.slack.addUser({ name: 'erin' });
    const commander = await h.server.createUser('responder', { slackUserId: erin.id });
    const incident = await h.declare({ title: 'Slow search', severity: 'SEV2', commanderId: commander.user.id });
    await h.drainAll();
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    const channel = h.slack.state.channels.get(saved?.channel_id ?? '');
    const incidents = [...h.slack.state.channels.values()].find((c) => c.name === 'incidents');
    const texts = (c: typeof channel) => [...(c?.messages.values() ?? [])].map((m) => m.text);

    h.server.clock.advance(60 * MINUTE - 1);
    expect(await h.jobs.drain()).toBe(0);
    h.server.clock.advance(1);
    expect(await h.jobs.drain()).toBe(1);
    await h.drainAll();
    const reminders = texts(channel).filter((t) => t.includes('状況報告'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain(`<@${erin.id}>`);
    expect(texts(incidents).filter((t) => t.includes(':warning:'))).toHaveLength(0);

    h.server.clock.advance(60 * MINUTE);
    expect(await h.jobs.drain()).toBe(1);
    await h.drainAll();
    expect(texts(channel).filter((t) => t.includes('状況報告'))).toHaveLength(2);
    const escalations = texts(incidents).filter((t) => t.includes(':warning:'));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toContain(`<#${saved?.channel_id}>`);

    // A note counts as an update: the next period passes without a reminder.
    h.server.clock.advance(30 * MINUTE);
    const note = await h.server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/timeline`,
      headers: h.server.auth(h.server.adminToken),
      payload: { text: 'Rolled out the fix to 50%' },
    });
    expect(note.statusCode).toBe(201);
    h.server.clock.advance(30 * MINUTE);
    expect(await h.jobs.drain()).toBe(1);
    await h.drainAll();
    expect(texts(channel).filter((t) => t.includes('状況報告'))).toHaveLength(2);
  });

  it('cancels the reminders when the incident leaves the active statuses', async () => {
    const incident = await h.declare({ title: 'Short one', severity: 'SEV3' });
    await h.drainAll();
    const res = await h.server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/status`,
      headers: h.server.auth(h.server.adminToken),
      payload: { status: 'canceled', note: 'duplicate' },
    });
    expect(res.statusCode).toBe(200);
    const jobs = await h.server.store.db.selectFrom('jobs').select(['name', 'status']).where('incident_id', '=', incident.id).execute();
    expect(jobs).toEqual([{ name: 'reminder.status_update', status: 'canceled' }]);
    h.server.clock.advance(5 * 60 * MINUTE);
    expect(await h.jobs.drain()).toBe(0);
  });
});
