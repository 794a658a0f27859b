import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-store.ts';
import { PUBLIC_URL, startHarness, type DeliveryHarness } from './harness.ts';

/** The postmortem's steps reach the incident channel: opened, sent for review (mentions), published. */

describe.each(testDatabaseKinds())('postmortem news in Slack on %s', (kind) => {
  let h: DeliveryHarness;

  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await h.server.app.inject({ method, url, headers: h.server.auth(h.server.adminToken), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown>>();
  };

  it('posts when the postmortem is opened, sent for review (reviewers mentioned) and published, once each', async () => {
    const rita = h.slack.addUser({ name: 'rita' });
    const reviewer = await h.server.createUser('responder', { slackUserId: rita.id });
    const noSlack = await h.server.createUser('responder', { name: 'Sam Paper' });
    const incident = await h.declare({ title: 'Postmortem news', severity: 'SEV3', platforms: ['web'], commanderId: h.server.adminUserId });
    const id = incident.id;
    await api('POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'fix' });
    await api('POST', `/api/v1/incidents/${id}/status`, { status: 'monitoring' });
    await api('POST', `/api/v1/incidents/${id}/status`, { status: 'resolved', note: 'quiet' });
    await api('POST', `/api/v1/incidents/${id}/status`, { status: 'postmortem' });
    await h.drainAll();
    const channel = [...h.slack.state.channels.values()].find((c) => c.name.startsWith(`inc-${incident.number}-`));
    const texts = () => [...(channel?.messages.values() ?? [])].map((m) => m.text);
    const link = `${PUBLIC_URL}/incidents/${incident.number}/postmortem`;
    expect(texts().filter((t) => t.includes(link))).toEqual([`:memo: インシデント #${incident.number} のポストモーテムを開始しました。下書き(タイムラインは記入済み): ${link}`]);

    const draft = await api('GET', `/api/v1/incidents/${id}/postmortem`);
    const sections = (draft['sections'] as { key: string; required: boolean; body: string }[]).filter((s) => s.required && s.body === '');
    await api('PUT', `/api/v1/incidents/${id}/postmortem`, { sections: sections.map((s) => ({ key: s.key, body: `Written: ${s.key}` })) });
    await api('POST', `/api/v1/incidents/${id}/postmortem/review`, { reviewerIds: [reviewer.user.id, noSlack.user.id] });
    await h.drainAll();
    expect(texts().filter((t) => t.startsWith(':eyes:'))).toEqual([`:eyes: <@${rita.id}> Sam Paper インシデント #${incident.number} のポストモーテムのレビューをお願いします: ${link}`]);

    for (const person of [reviewer, noSlack]) {
      const res = await h.server.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/postmortem/approve`, headers: h.server.auth(person.token), payload: {} });
      expect(res.statusCode).toBe(200);
    }
    await api('POST', `/api/v1/incidents/${id}/postmortem/publish`);
    await h.drainAll();
    h.server.clock.advance(60_000);
    await h.drainAll();
    expect(texts().filter((t) => t.startsWith(':white_check_mark:') && t.includes(link))).toEqual([`:white_check_mark: インシデント #${incident.number} のポストモーテムを公開しました: ${link}`]);
    expect(texts().filter((t) => t.includes(link))).toHaveLength(3);
  });
});
