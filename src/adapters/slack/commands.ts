import type { App, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { runQuery, runUseCase } from '../../app/context.ts';
import { assignRole } from '../../app/incidents/assign-role.ts';
import { changeSeverity } from '../../app/incidents/change-severity.ts';
import { changeIncidentStatus } from '../../app/incidents/change-status.ts';
import { postStatusUpdate } from '../../app/incidents/post-status-update.ts';
import { getIncident, getNowView } from '../../app/incidents/queries.ts';
import { findIncidentOfChannel } from '../../app/slack/home.ts';
import type { IncidentStatus } from '../../domain/incident.ts';
import { act, quickLocale, whoIs, type SlackDeps, type Someone } from './context.ts';
import * as modals from './modals.ts';
import { nowText, statusName } from './now.presenter.ts';
import { slackText } from '../../i18n/slack-messages.ts';

/**
 * The slash command (`/incident` by default, the playbook's `slack.command`):
 * - no text: the declare modal; `report`: the report modal; `help`: the help, anywhere;
 * - in an incident channel: `commander @x`, `investigator @x`, `severity SEV1`, `update <text>`,
 *   `monitor`, `resolve`, `cancel <reason>`, `postmortem`, `action <title>`, `status`.
 * Acked at once (empty); answers are ephemeral, in the user's language.
 */

interface Invocation {
  deps: SlackDeps;
  client: WebClient;
  command: SlashCommand;
  sub: string;
  rest: string;
}

/** `<@U123|name>` or `<@U123>` (the command's `should_escape` makes Slack send mentions so). */
export function mentionedUser(text: string): string | undefined {
  return /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/.exec(text)?.[1];
}

type InChannel = (inv: Invocation, who: Someone, incidentId: string) => Promise<string>;

function moveTo(status: IncidentStatus, noteFromText = false): InChannel {
  return async (inv, who, incidentId) => {
    await runUseCase(inv.deps.app, who.actor, changeIncidentStatus, {
      incidentId,
      status,
      ...(noteFromText && inv.rest ? { note: inv.rest } : {}),
    });
    return slackText(who.locale, 'done', { what: slackText(who.locale, 'actStatus', { status: statusName(who.locale, status) }) });
  };
}

function roleOf(role: string): InChannel {
  return async (inv, who, incidentId) => {
    const target = mentionedUser(inv.rest);
    if (!target) return slackText(who.locale, 'needsUser', { command: inv.command.command, sub: inv.sub });
    const person = await whoIs(inv.deps, inv.client, target);
    await runUseCase(inv.deps.app, who.actor, assignRole, { incidentId, role, userId: person.user.id });
    return slackText(who.locale, 'done', { what: slackText(who.locale, 'actAssign') });
  };
}

const IN_CHANNEL: Record<string, InChannel> = {
  commander: roleOf('commander'),
  investigator: roleOf('investigator'),
  severity: async (inv, who, incidentId) => {
    const severity = inv.rest.split(/\s+/)[0]?.toUpperCase() ?? '';
    if (!severity) return slackText(who.locale, 'needsText', { command: inv.command.command, sub: inv.sub });
    await runUseCase(inv.deps.app, who.actor, changeSeverity, { incidentId, severity });
    return slackText(who.locale, 'done', { what: slackText(who.locale, 'actSeverity') });
  },
  update: async (inv, who, incidentId) => {
    if (!inv.rest) return slackText(who.locale, 'needsText', { command: inv.command.command, sub: inv.sub });
    await runUseCase(inv.deps.app, who.actor, postStatusUpdate, { incidentId, text: inv.rest });
    return slackText(who.locale, 'done', { what: slackText(who.locale, 'actStatusUpdate') });
  },
  monitor: moveTo('monitoring'),
  resolve: moveTo('resolved'),
  cancel: moveTo('canceled', true),
  postmortem: moveTo('postmortem'),
  status: async (inv, who, incidentId) => {
    const now = await runQuery(inv.deps.app, who.actor, getNowView, { incidentId });
    const detail = await runQuery(inv.deps.app, who.actor, getIncident, { incidentId });
    const names = new Map<string, string | null>(detail.roles.map((r) => [r.userId, r.slackUserId ? `<@${r.slackUserId}>` : r.name]));
    return nowText(now, who.locale, names);
  },
};

async function openModal(inv: Invocation, build: (locale: Awaited<ReturnType<typeof quickLocale>>) => Parameters<WebClient['views']['open']>[0]['view']): Promise<void> {
  const locale = await quickLocale(inv.deps, inv.command.user_id);
  await inv.client.views.open({ trigger_id: inv.command.trigger_id, view: build(locale) });
}

async function run(inv: Invocation): Promise<void> {
  const { deps, client, command } = inv;
  const to = { user: command.user_id, channel: command.channel_id };
  const playbook = deps.app.playbooks.current().playbook;
  if (inv.sub === '' || inv.sub === 'declare') {
    await openModal(inv, (locale) => modals.declareModal(playbook, locale, { channelId: command.channel_id }, { title: inv.rest }));
    return;
  }
  if (inv.sub === 'report') {
    await openModal(inv, (locale) => modals.reportModal(locale, { channelId: command.channel_id }, { title: inv.rest }));
    return;
  }
  if (inv.sub === 'action') {
    const incidentId = await runQuery(deps.app, { userId: 'system:slack', role: 'viewer' }, findIncidentOfChannel, { channelId: command.channel_id });
    if (incidentId) {
      await openModal(inv, (locale) => modals.actionModal(locale, { incidentId, channelId: command.channel_id }, { title: inv.rest, ownerSlackId: command.user_id }));
      return;
    }
  }
  await act(deps, client, to, async (who) => {
    if (inv.sub === 'help') return slackText(who.locale, 'help', { command: command.command });
    const handler = IN_CHANNEL[inv.sub];
    if (!handler && inv.sub !== 'action') return slackText(who.locale, 'unknownSubcommand', { sub: inv.sub, command: command.command });
    const incidentId = await runQuery(deps.app, who.actor, findIncidentOfChannel, { channelId: command.channel_id });
    if (!incidentId || !handler) return slackText(who.locale, 'notInIncidentChannel');
    return handler(inv, who, incidentId);
  });
}

/** Registers the slash command under its configured name. */
export function registerCommand(bolt: App, deps: SlackDeps, name: string): void {
  bolt.command(name, async ({ ack, command, client }) => {
    await ack();
    const text = command.text.trim();
    const [first = '', ...others] = text.split(/\s+/);
    await run({ deps, client, command, sub: first.toLowerCase(), rest: text.slice(first.length).trim() || others.join(' ') });
  });
}
