import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPlaybook } from '../../src/config/load-playbook.ts';
import type { ResponderRule } from '../../src/domain/playbook.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import { loadDefaultPlaybook } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { outboxOf, startHarness, type DeliveryHarness } from './harness.ts';

/**
 * People concerned after the channel exists are invited by `slack.invite`, written in the same
 * transaction as the change: a commander assigned later, and the responders the playbook picks
 * once the severity or the platforms change (users by email, Slack user groups by handle and id).
 */

async function usePlaybookWith(h: DeliveryHarness, responders: ResponderRule[]): Promise<void> {
  const loaded = await loadDefaultPlaybook();
  const playbook = { ...structuredClone(loaded.playbook), responders };
  const stored = { playbook, source: `${loaded.source}\n# test responders`, hash: hashPlaybook(playbook) };
  const ref = await ensurePlaybookVersion(h.server.store.db, 'default', stored);
  h.server.playbooks.setCurrent({ id: ref.id, version: ref.version, playbook });
}

const api = (h: DeliveryHarness, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object) =>
  h.server.app.inject({ method, url, headers: h.server.auth(h.server.adminToken), payload });

describe.each(testDatabaseKinds())('late invitations on %s', (kind) => {
  let h: DeliveryHarness;

  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('invites a commander assigned after the channel exists, in the same transaction as the assignment', async () => {
    const carol = h.slack.addUser({ name: 'carol' });
    const commander = await h.server.createUser('responder', { slackUserId: carol.id });
    const incident = await h.declare({ title: 'Late commander', severity: 'SEV3' });
    await h.drainAll();
    const channel = [...h.slack.state.channels.values()].find((c) => c.name.startsWith(`inc-${incident.number}-`));
    expect(channel?.members.has(carol.id)).toBe(false);

    expect((await api(h, 'PUT', `/api/v1/incidents/${incident.id}/roles/commander`, { userId: commander.user.id })).statusCode).toBe(200);
    expect((await outboxOf(h, incident.id)).filter((r) => r.topic === 'slack.invite')).toEqual([expect.objectContaining({ status: 'pending' })]);
    await h.drainAll();
    expect(channel?.members.has(carol.id)).toBe(true);
    // Someone who joined by themselves gets a role: nobody left to invite, already_in_channel is tolerated.
    const dan = h.slack.addUser({ name: 'dan' });
    channel?.members.add(dan.id);
    const investigator = await h.server.createUser('responder', { slackUserId: dan.id });
    expect((await api(h, 'PUT', `/api/v1/incidents/${incident.id}/roles/investigator`, { userId: investigator.user.id })).statusCode).toBe(200);
    await h.drainAll();
    const invites = (await outboxOf(h, incident.id)).filter((r) => r.topic === 'slack.invite');
    expect(invites.map((r) => r.status)).toEqual(['done', 'done']);
    expect(h.slack.callsTo('conversations.invite').at(-1)?.response).toMatchObject({ ok: false, error: 'already_in_channel' });
  });

  it('invites the responders a severity change and a platform change make the playbook pick (user groups included)', async () => {
    const dave = h.slack.addUser({ name: 'dave', email: 'dave@example.test' });
    const erin = h.slack.addUser({ name: 'erin' });
    const frank = h.slack.addUser({ name: 'frank' });
    const gina = h.slack.addUser({ name: 'gina' });
    const oncall = h.slack.addUserGroup({ handle: 'oncall', users: [erin.id, frank.id] });
    const mobile = h.slack.addUserGroup({ handle: 'mobile', users: [gina.id] });
    h.slack.addUserGroup({ handle: 'retired', users: [dave.id], isDisabled: true });
    await usePlaybookWith(h, [
      { severities: ['SEV1'], users: ['dave@example.test'], slackUserGroups: ['@oncall'] },
      { platforms: ['ios'], slackUserGroups: [mobile.id, 'S0NOSUCHGR'] },
    ]);
    const incident = await h.declare({ title: 'Growing', severity: 'SEV3', platforms: ['web'] });
    await h.drainAll();
    const channel = [...h.slack.state.channels.values()].find((c) => c.name.startsWith(`inc-${incident.number}-`));
    const outsiders = () => [dave.id, erin.id, frank.id, gina.id].filter((id) => !channel?.members.has(id));
    expect(outsiders()).toEqual([dave.id, erin.id, frank.id, gina.id]);

    expect((await api(h, 'POST', `/api/v1/incidents/${incident.id}/severity`, { severity: 'SEV1' })).statusCode).toBe(200);
    await h.drainAll();
    expect(outsiders()).toEqual([gina.id]);
    expect(h.slack.callsTo('users.lookupByEmail').map((c) => c.args['email'])).toEqual(['dave@example.test']);
    expect(h.slack.callsTo('usergroups.list')).toHaveLength(1); // the handle @oncall resolved to its id

    expect((await api(h, 'PATCH', `/api/v1/incidents/${incident.id}`, { platforms: ['web', 'ios'] })).statusCode).toBe(200);
    await h.drainAll();
    expect(outsiders()).toEqual([]);
    // An unknown group id is Slack's no_such_subteam: skipped, the rest invited.
    const groupCalls = h.slack.callsTo('usergroups.users.list');
    expect(groupCalls.find((c) => c.args['usergroup'] === 'S0NOSUCHGR')?.response).toMatchObject({ ok: false, error: 'no_such_subteam' });
    expect(groupCalls.filter((c) => c.args['usergroup'] === oncall.id).length).toBeGreaterThan(0);
    expect((await outboxOf(h, incident.id)).every((r) => r.status === 'done')).toBe(true);
  });

  it('does nothing for an incident without a channel (triage)', async () => {
    const carol = h.slack.addUser({ name: 'carol' });
    const commander = await h.server.createUser('responder', { slackUserId: carol.id });
    const incident = await h.declare({ title: 'Still in triage' });
    expect((await api(h, 'PUT', `/api/v1/incidents/${incident.id}/roles/commander`, { userId: commander.user.id })).statusCode).toBe(200);
    await h.drainAll();
    expect(h.slack.callsTo('conversations.invite')).toHaveLength(0);
    expect((await outboxOf(h, incident.id)).filter((r) => r.topic === 'slack.invite').map((r) => r.status)).toEqual(['done']);
  });
});
