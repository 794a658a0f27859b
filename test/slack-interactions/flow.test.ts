import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, VIEW_CALLBACKS } from '../../src/adapters/slack/action-ids.ts';
import { SHORTCUTS } from '../../src/adapters/slack/events.ts';
import { DECLARE_FUNCTION } from '../../src/adapters/slack/workflow.ts';
import type { SlackUser } from '../slack-emulator/index.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import {
  clickButton,
  ephemeralTexts,
  input,
  lastOpenedView,
  linkChannel,
  messageShortcut,
  outboxOf,
  postEvent,
  slashCommand,
  startSlackTest,
  submitView,
  type SlackTest,
} from './support.ts';

interface IncidentBody {
  id: string;
  number: number;
  status: string;
  severity: string | null;
  roles: Record<string, { id: string } | null>;
  cancelReason?: string | null;
}

describe.each(testDatabaseKinds())('the seed flow from Slack alone on %s', (kind) => {
  let t: SlackTest;
  let alice: SlackUser;
  let bob: SlackUser;
  let support: string;

  beforeAll(async () => {
    t = await startSlackTest(kind);
    alice = t.slack.addUser({ name: 'alice', email: 'alice@example.test', realName: 'Alice', locale: 'en-US' });
    bob = t.slack.addUser({ name: 'bob', email: 'bob@example.test', realName: '山田 Bob', locale: 'ja-JP' });
    support = t.slack.addChannel({ name: 'support', members: [alice.id, bob.id] }).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const api = <T>(url: string) =>
    t.server.app.inject({ method: 'GET', url, headers: t.server.auth(t.server.adminToken) }).then((r) => r.json<T>());
  const hikeshiUserOf = async (slackId: string) =>
    (await api<{ items: { id: string; slackUserId: string | null }[] }>('/api/v1/users?limit=100')).items.find((u) => u.slackUserId === slackId);

  /** /incident → declare modal → submitted: the incident, its channel linked as the delivery side would. */
  async function declare(by: SlackUser, title: string, severity: string, platforms: string[]): Promise<{ incident: IncidentBody; channel: string }> {
    await slashCommand(t, by, support, '');
    await t.adapter.idle();
    const view = lastOpenedView(t);
    await submitView(t, by, view, {
      title: input.text(title),
      severity: input.select(severity),
      impact: input.text('buyers'),
      platforms: input.boxes(...platforms),
    });
    await t.adapter.idle();
    const list = await api<{ items: IncidentBody[] }>(`/api/v1/incidents?q=${encodeURIComponent(title)}`);
    const found = list.items[0];
    if (!found) throw new Error(`incident ${title} was not declared`);
    const channel = t.slack.addChannel({ name: `inc-${found.number}`, members: [alice.id, bob.id] }).id;
    await linkChannel(t, found.id, channel);
    return { incident: found, channel };
  }

  async function click(user: SlackUser, channel: string, actionId: string, value: object) {
    const answer = await clickButton(t, user, channel, actionId, value);
    expect(answer.statusCode).toBe(200);
    await t.adapter.idle();
  }

  async function command(user: SlackUser, channel: string, text: string) {
    const answer = await slashCommand(t, user, channel, text);
    expect(answer.statusCode).toBe(200);
    await t.adapter.idle();
  }

  async function submit(user: SlackUser, values: Parameters<typeof submitView>[3]) {
    const answer = await submitView(t, user, lastOpenedView(t), values);
    expect(answer.statusCode).toBe(200);
    await t.adapter.idle();
  }

  it('declare → roles → rollback (refused on iOS, in Japanese) → monitoring → resolved → postmortem', async () => {
    const { incident, channel } = await declare(alice, 'Payments down', 'SEV2', ['web', 'ios']);
    expect(incident).toMatchObject({ status: 'responding', severity: 'SEV2' });
    const id = incident.id;

    await click(alice, channel, ACTION_IDS.takeCommander, { incidentId: id });
    await command(alice, channel, `investigator <@${bob.id}|bob>`);
    const roles = (await api<IncidentBody>(`/api/v1/incidents/${id}`)).roles;
    const aliceUser = await hikeshiUserOf(alice.id);
    const bobUser = await hikeshiUserOf(bob.id);
    expect(roles.commander?.id).toBe(aliceUser?.id);
    expect(roles.investigator?.id).toBe(bobUser?.id);

    // iOS cannot roll back: the guard's message, ephemeral, in Bob's language.
    await click(bob, channel, ACTION_IDS.recordRollback, { incidentId: id, platform: 'ios' });
    expect(lastOpenedView(t).definition.callback_id).toBe(VIEW_CALLBACKS.release);
    await submit(bob, { platform: input.select('ios'), note: input.text('revert') });
    expect(ephemeralTexts(t, channel, bob.id).at(-1)).toContain('すぐにロールバックできません');

    await click(bob, channel, ACTION_IDS.recordRollback, { incidentId: id, platform: 'web' });
    await submit(bob, { platform: input.select('web'), note: input.text('revert 1.2.3') });
    expect(ephemeralTexts(t, channel, bob.id).at(-1)).toBe('ロールバックを記録しました。');

    await command(alice, channel, 'monitor');
    expect((await api<IncidentBody>(`/api/v1/incidents/${id}`)).status).toBe('monitoring');

    // Bob may not cut the watch short: refused in Japanese, with the blocker.
    await command(bob, channel, 'resolve');
    const refusal = ephemeralTexts(t, channel, bob.id).at(-1) ?? '';
    expect(refusal).toContain('まだ「経過観察」から「解決」へ移れません');
    expect(refusal).toContain('収束の経過観察中です');
    expect((await api<IncidentBody>(`/api/v1/incidents/${id}`)).status).toBe('monitoring');

    await click(alice, channel, ACTION_IDS.confirmResolved, { incidentId: id });
    expect((await api<IncidentBody>(`/api/v1/incidents/${id}`)).status).toBe('resolved');
    await click(alice, channel, ACTION_IDS.startPostmortem, { incidentId: id });
    expect((await api<IncidentBody>(`/api/v1/incidents/${id}`)).status).toBe('postmortem');
    const postmortem = await api<{ status: string; sections: { key: string }[] }>(`/api/v1/incidents/${id}/postmortem`);
    expect(postmortem.status).toBe('draft');

    const timeline = await api<{ items: { type: string }[] }>(`/api/v1/incidents/${id}/timeline?limit=100`);
    const types = timeline.items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['incident.declared', 'incident.role_assigned', 'incident.release_recorded', 'incident.status_changed']));
    expect(ephemeralTexts(t, channel, alice.id)).toEqual([
      'Done: Taken the commander role.',
      'Done: Assigned the role.',
      'Done: Moved to monitoring.',
      'Done: Moved to resolved.',
      'Done: Moved to postmortem.',
    ]);
  });

  it('severity and status update modals, the status subcommand, company-wide announcement, cancel with a reason', async () => {
    const { incident, channel } = await declare(alice, 'Login errors', 'SEV2', ['web']);
    const id = incident.id;
    await click(alice, channel, ACTION_IDS.takeCommander, { incidentId: id });

    await click(alice, channel, ACTION_IDS.changeSeverity, { incidentId: id });
    expect(lastOpenedView(t).definition.callback_id).toBe(VIEW_CALLBACKS.severity);
    await submit(alice, { severity: input.select('SEV1'), note: input.text('everyone affected') });
    expect((await api<IncidentBody>(`/api/v1/incidents/${id}`)).severity).toBe('SEV1');

    await click(alice, channel, ACTION_IDS.postStatusUpdate, { incidentId: id });
    await submit(alice, { text: input.text('Cause found, fix in review') });
    const posts = (await outboxOf(t, 'slack.post_message')).filter((p) => String(p.payload.text).includes('Cause found'));
    // The incident's channel, and each SEV1 announce channel (incidents, general).
    expect(posts.map((p) => p.payload.channel ?? `incident:${String(p.payload.incidentId)}`).sort()).toEqual(['general', 'incidents', `incident:${id}`].sort());

    await command(alice, channel, 'update Fix deployed to canary');
    expect((await outboxOf(t, 'slack.post_message')).filter((p) => String(p.payload.text).includes('Fix deployed to canary'))).toHaveLength(3);

    await command(alice, channel, 'status');
    const now = ephemeralTexts(t, channel, alice.id).at(-1) ?? '';
    expect(now).toContain(`#${incident.number} Login errors — responding`);
    expect(now).toContain(`<@${alice.id}>`);

    await click(alice, channel, ACTION_IDS.announceCompanyWide, { incidentId: id });
    const draft = lastOpenedView(t);
    expect(draft.definition.callback_id).toBe(VIEW_CALLBACKS.companyAnnouncement);
    expect(JSON.stringify(draft.definition.blocks)).toContain('[Incident] Login errors');
    await submit(alice, { text: input.text('[Incident] Login errors — we are on it') });
    const company = (await outboxOf(t, 'slack.post_message')).filter((p) => p.payload.channel === 'general' && String(p.payload.text).includes('we are on it'));
    expect(company).toHaveLength(1);

    // Bob (not the commander) may not cancel: refused in Japanese.
    await command(bob, channel, 'cancel false alarm');
    expect(ephemeralTexts(t, channel, bob.id).at(-1)).toContain('指揮者');
    await click(alice, channel, ACTION_IDS.cancelIncident, { incidentId: id });
    await submit(alice, { reason: input.text('false alarm: monitoring misconfigured') });
    const canceled = await api<IncidentBody>(`/api/v1/incidents/${id}`);
    expect(canceled.status).toBe('canceled');
  });

  it('options, decision, assign, complete task, prevention action, help and unknown subcommands', async () => {
    const { incident, channel } = await declare(alice, 'Search slow', 'SEV3', ['web']);
    const id = incident.id;
    await click(alice, channel, ACTION_IDS.assignRole, { incidentId: id, role: 'commander' });
    await submit(alice, { role: input.select('commander'), user: input.user(alice.id) });
    await command(alice, channel, `investigator <@${bob.id}>`);

    await click(bob, channel, ACTION_IDS.recordOptions, { incidentId: id });
    await submit(bob, { options: input.text('Roll back the index\nAdd a cache') });
    await click(alice, channel, ACTION_IDS.recordDecision, { incidentId: id });
    expect(JSON.stringify(lastOpenedView(t).definition.blocks)).toContain('Add a cache');
    await submit(alice, { option: input.select('option-2'), decision: input.text('Cache it'), rationale: input.text('fastest') });
    const detail = await api<{ decisions: { kind: string }[] }>(`/api/v1/incidents/${id}`);
    expect(detail.decisions.map((d) => d.kind)).toEqual(['options', 'decision']);

    const now = await api<{ roles: { role: string; tasks: { id: string; key: string }[] }[] }>(`/api/v1/incidents/${id}/now`);
    const task = now.roles.find((r) => r.role === 'commander')?.tasks[0];
    expect(task).toBeDefined();
    await click(alice, channel, ACTION_IDS.completeTask, { incidentId: id, taskId: task?.id ?? '' });
    const after = await api<{ roles: { role: string; tasks: { id: string }[] }[] }>(`/api/v1/incidents/${id}/now`);
    expect(after.roles.find((r) => r.role === 'commander')?.tasks.map((x) => x.id)).not.toContain(task?.id);

    await click(bob, channel, ACTION_IDS.recordRelease, { incidentId: id, platform: 'web' });
    await submit(bob, { platform: input.select('web'), note: input.text('cache on') });
    await click(alice, channel, ACTION_IDS.startMonitoring, { incidentId: id });
    await click(alice, channel, ACTION_IDS.confirmResolved, { incidentId: id });
    await command(alice, channel, 'action Add a latency alert');
    expect(lastOpenedView(t).definition.callback_id).toBe(VIEW_CALLBACKS.action);
    await submit(alice, { title: input.text('Add a latency alert'), owner: input.user(bob.id), due: input.date('2025-04-30') });
    const actions = await api<{ items: { title: string; ownerId: string; dueDate: string }[] }>(`/api/v1/incidents/${id}/actions`);
    expect(actions.items).toEqual([expect.objectContaining({ title: 'Add a latency alert', ownerId: (await hikeshiUserOf(bob.id))?.id, dueDate: '2025-04-30' })]);

    await command(bob, channel, 'frobnicate');
    expect(ephemeralTexts(t, channel, bob.id).at(-1)).toBe('「frobnicate」は分かりません。`/incident help` で使い方を表示します。');
    await command(alice, support, 'monitor');
    expect(ephemeralTexts(t, support, alice.id).at(-1)).toBe('Use this command in an incident channel.');
  });

  it('reports: shortcut from a message, claim, dismiss with a reason, declare from a report', async () => {
    const message = t.slack.addMessage(support, { user: bob.id, text: 'A customer says checkout shows a blank page' });
    await messageShortcut(t, alice, support, SHORTCUTS.reportFromMessage, { ts: message.ts, text: message.text, user: bob.id });
    await t.adapter.idle();
    const view = lastOpenedView(t);
    expect(view.definition.callback_id).toBe(VIEW_CALLBACKS.report);
    expect(JSON.stringify(view.definition.blocks)).toContain('slack.com/archives');
    await submit(alice, { title: input.text('Blank checkout page'), summary: input.text(`A customer says checkout shows a blank page\n\nhttps://x.slack.com/archives/${support}/p1`) });
    const reports = await api<{ items: { id: string; title: string; status: string }[] }>('/api/v1/reports');
    const report = reports.items.find((r) => r.title === 'Blank checkout page');
    expect(report?.status).toBe('reported');
    expect((await outboxOf(t, 'slack.post_report')).map((p) => p.payload.reportId)).toContain(report?.id);

    const triage = t.slack.addChannel({ name: 'incidents-triage', members: [alice.id, bob.id] }).id;
    await click(bob, triage, ACTION_IDS.claimReport, { reportId: report?.id ?? '' });
    expect((await api<{ status: string; assigneeId: string }>(`/api/v1/reports/${report?.id ?? ''}`)).status).toBe('investigating');
    await click(bob, triage, ACTION_IDS.dismissReport, { reportId: report?.id ?? '' });
    await submit(bob, { reason: input.text('Browser extension, not us') });
    expect((await api<{ status: string }>(`/api/v1/reports/${report?.id ?? ''}`)).status).toBe('dismissed');
    const tickets = await api<{ items: { reason: string }[] }>('/api/v1/improvement-tickets');
    expect(tickets.items.map((x) => x.reason)).toContain('Browser extension, not us');

    await command(alice, support, 'report Orders missing');
    await submit(alice, { title: input.text('Orders missing') });
    const second = (await api<{ items: { id: string; title: string }[] }>('/api/v1/reports')).items.find((r) => r.title === 'Orders missing');
    await click(alice, triage, ACTION_IDS.declareFromReport, { reportId: second?.id ?? '' });
    const prefilled = lastOpenedView(t);
    expect(prefilled.definition.callback_id).toBe(VIEW_CALLBACKS.declare);
    expect(JSON.stringify(prefilled.definition.blocks)).toContain('Orders missing');
    await submit(alice, { title: input.text('Orders missing'), severity: input.select('SEV2') });
    const declared = await api<{ status: string; incidentId: string | null }>(`/api/v1/reports/${second?.id ?? ''}`);
    expect(declared.status).toBe('declared');
  });

  it('adds messages to the timeline by reaction (a thread reply too) and by shortcut, once each', async () => {
    const { incident, channel } = await declare(alice, 'Queue stuck', 'SEV3', []);
    const parent = t.slack.addMessage(channel, { user: bob.id, text: 'Queue depth is 10k' });
    const reply = t.slack.addMessage(channel, { user: alice.id, text: 'Worker pool is at 0', threadTs: parent.ts });
    const reaction = (item: { ts: string }) =>
      postEvent(t, { type: 'reaction_added', user: alice.id, reaction: 'pushpin', item: { type: 'message', channel, ts: item.ts }, item_user: bob.id });
    await reaction(parent);
    await reaction(reply);
    await reaction(reply); // removed and added again: still one entry
    await postEvent(t, { type: 'reaction_added', user: alice.id, reaction: 'eyes', item: { type: 'message', channel, ts: parent.ts }, item_user: bob.id });
    await t.adapter.idle();
    const other = t.slack.addMessage(channel, { user: bob.id, text: 'Restarted the workers' });
    await messageShortcut(t, bob, channel, SHORTCUTS.addToTimeline, { ts: other.ts, text: other.text, user: bob.id });
    await t.adapter.idle();
    const timeline = await api<{ items: { type: string; data: { text: string; source: { permalink: string; authorSlackId: string } } }[] }>(
      `/api/v1/incidents/${incident.id}/timeline?limit=100`,
    );
    const notes = timeline.items.filter((e) => e.type === 'incident.note_added').map((e) => [e.data.text, e.data.source.authorSlackId, e.data.source.permalink.includes('/archives/')]);
    // Each entry takes its message's own time; messages posted in one millisecond have no order.
    expect(notes.sort()).toEqual(
      [
        ['Queue depth is 10k', bob.id, true],
        ['Worker pool is at 0', alice.id, true],
        ['Restarted the workers', bob.id, true],
      ].sort(),
    );
    expect(ephemeralTexts(t, channel, bob.id).at(-1)).toBe('メッセージをタイムラインに追加しました。');
  });

  it('publishes the App Home with my roles and tasks, active incidents and waiting reports', async () => {
    await postEvent(t, { type: 'app_home_opened', user: alice.id, channel: 'D0ALICE', tab: 'home' });
    await t.adapter.idle();
    const home = t.slack.state.views.get(t.slack.state.homeViews.get(alice.id) ?? '');
    const text = JSON.stringify(home?.definition.blocks);
    expect(text).toContain('Your roles and tasks');
    expect(text).toContain('Active incidents');
    expect(text).toContain('Reports awaiting a quick investigation');
    expect(text).toContain('Search slow');
    // Remembered, so that later changes republish it (slack.refresh_home, test/slack-delivery/refresh-home.test.ts).
    const opened = await t.server.store.db.selectFrom('slack_home_opens').select(['slack_user_id']).execute();
    expect(opened).toEqual([{ slack_user_id: alice.id }]);
  });

  it('runs the Workflow Builder step: declares once per execution, fails with the guard message', async () => {
    const run = t.slack.startFunctionExecution(DECLARE_FUNCTION, {});
    const event = (inputs: Record<string, unknown>, id: string) => ({
      type: 'function_executed',
      function: { id: 'Fn0DECLARE', callback_id: DECLARE_FUNCTION, title: 'Declare an incident', type: 'app', app_id: t.slack.bot.appId, date_created: 1, date_updated: 1 },
      inputs,
      function_execution_id: id,
      workflow_execution_id: 'Wx0001',
      event_ts: '1743465600.000400',
      bot_access_token: t.slack.botToken,
    });
    const inputs = { title: 'Form: app crashes on launch', declared_by: bob.id, severity: 'sev2', platforms: 'ios, android' };
    await postEvent(t, event(inputs, run.id));
    await postEvent(t, event(inputs, run.id), { headers: { 'x-slack-retry-num': '1' } });
    await t.adapter.idle();
    const found = await api<{ items: IncidentBody[] }>(`/api/v1/incidents?q=${encodeURIComponent('Form: app crashes')}`);
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ severity: 'SEV2', status: 'responding' });
    expect(run.state).toBe('completed');
    expect(run.outputs).toEqual({ incident_number: String(found.items[0]?.number), incident_url: `http://hikeshi.test/incidents/${found.items[0]?.id ?? ''}` });

    const bad = t.slack.startFunctionExecution(DECLARE_FUNCTION, {});
    await postEvent(t, event({ title: 'Form: wrong', declared_by: bob.id, severity: 'SEV9' }, bad.id));
    await t.adapter.idle();
    expect(bad.state).toBe('failed');
    expect(bad.error).toContain('SEV9');
  });
});
