import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { runQuery, runUseCase } from '../../app/context.ts';
import { assignRole } from '../../app/incidents/assign-role.ts';
import { changeIncidentStatus } from '../../app/incidents/change-status.ts';
import { completeTask } from '../../app/incidents/complete-task.ts';
import { getIncident } from '../../app/incidents/queries.ts';
import { claimReport } from '../../app/reports/claim-report.ts';
import { getReport } from '../../app/reports/get-report.ts';
import type { IncidentStatus } from '../../domain/incident.ts';
import { ACTION_IDS, decodeActionValue, type ActionValue } from './action-ids.ts';
import { act, errorText, quickLocale, replyTo, whoIs, type SlackDeps } from './context.ts';
import * as modals from './modals.ts';
import { slackText } from '../../i18n/slack-messages.ts';
import { HOME_DECLARE, statusName } from './now.presenter.ts';

/**
 * Buttons (block_actions) of the incident card and of a report in the triage channel. Each acks
 * first; a button that needs input opens its modal at once (the trigger lives 3 s), the others run
 * their use case and answer the clicker ephemerally — done, or the guard's refusal in their
 * language.
 */

interface Click {
  client: WebClient;
  user: string;
  channel: string | undefined;
  triggerId: string;
  value: ActionValue;
}

type ClickHandler = (deps: SlackDeps, click: Click) => Promise<void>;

function incidentIdOf(click: Click): string {
  return click.value.incidentId ?? '';
}

/** Opens a modal at once, in the clicker's stored language (no Slack call before views.open). */
function openModal(build: (deps: SlackDeps, click: Click, locale: Awaited<ReturnType<typeof quickLocale>>) => Promise<Parameters<WebClient['views']['open']>[0]['view']> | Parameters<WebClient['views']['open']>[0]['view']): ClickHandler {
  return async (deps, click) => {
    const locale = await quickLocale(deps, click.user);
    const view = await build(deps, click, locale);
    await click.client.views.open({ trigger_id: click.triggerId, view });
  };
}

function context(click: Click): modals.ModalContext {
  return {
    ...(click.value.incidentId ? { incidentId: click.value.incidentId } : {}),
    ...(click.value.reportId ? { reportId: click.value.reportId } : {}),
    ...(click.channel ? { channelId: click.channel } : {}),
    ...(click.value.platform ? { platform: click.value.platform } : {}),
    ...(click.value.role ? { role: click.value.role } : {}),
    ...(click.value.actionId ? { actionId: click.value.actionId } : {}),
  };
}

function moveTo(status: IncidentStatus): ClickHandler {
  return (deps, click) =>
    act(deps, click.client, click, async (who) => {
      await runUseCase(deps.app, who.actor, changeIncidentStatus, { incidentId: incidentIdOf(click), status });
      return slackText(who.locale, 'done', { what: slackText(who.locale, 'actStatus', { status: statusName(who.locale, status) }) });
    });
}

function take(role: string, done: 'actTakeCommander' | 'actTakeInvestigator'): ClickHandler {
  return (deps, click) =>
    act(deps, click.client, click, async (who) => {
      await runUseCase(deps.app, who.actor, assignRole, { incidentId: incidentIdOf(click), role, userId: who.user.id });
      return slackText(who.locale, 'done', { what: slackText(who.locale, done) });
    });
}

const playbook = (deps: SlackDeps) => deps.app.playbooks.current().playbook;

export const CLICK_HANDLERS: Record<string, ClickHandler> = {
  [ACTION_IDS.takeCommander]: take('commander', 'actTakeCommander'),
  [ACTION_IDS.takeInvestigator]: take('investigator', 'actTakeInvestigator'),
  [ACTION_IDS.assignRole]: openModal((deps, click, locale) => modals.assignRoleModal(playbook(deps), locale, context(click))),
  [ACTION_IDS.changeSeverity]: openModal((deps, click, locale) => modals.severityModal(playbook(deps), locale, context(click), null)),
  [ACTION_IDS.postStatusUpdate]: openModal((_deps, click, locale) => modals.statusUpdateModal(locale, context(click))),
  [ACTION_IDS.recordRollback]: openModal((deps, click, locale) => modals.releaseModal(playbook(deps), locale, { ...context(click), kind: 'rollback' })),
  [ACTION_IDS.recordRelease]: openModal((deps, click, locale) => modals.releaseModal(playbook(deps), locale, { ...context(click), kind: 'fix' })),
  [ACTION_IDS.startMonitoring]: moveTo('monitoring'),
  [ACTION_IDS.confirmResolved]: moveTo('resolved'),
  [ACTION_IDS.reopen]: moveTo('responding'),
  [ACTION_IDS.cancelIncident]: openModal((_deps, click, locale) => modals.cancelModal(locale, context(click))),
  [ACTION_IDS.startPostmortem]: moveTo('postmortem'),
  [ACTION_IDS.addAction]: openModal((_deps, click, locale) => modals.actionModal(locale, context(click), { ownerSlackId: click.user })),
  [ACTION_IDS.recordOptions]: openModal((_deps, click, locale) => modals.optionsModal(locale, context(click))),
  [ACTION_IDS.recordDecision]: async (deps, click) => {
    const locale = await quickLocale(deps, click.user);
    const who = await whoIs(deps, click.client, click.user).catch(() => null);
    let proposed: { key: string; title: string }[] = [];
    if (who) {
      const detail = await runQuery(deps.app, who.actor, getIncident, { incidentId: incidentIdOf(click) }).catch(() => null);
      proposed = (detail?.decisions ?? []).flatMap((d) => (d.kind === 'options' ? optionsOf(d.body) : []));
    }
    await click.client.views.open({ trigger_id: click.triggerId, view: modals.decisionModal(locale, context(click), proposed) });
  },
  [ACTION_IDS.completeTask]: (deps, click) =>
    act(deps, click.client, click, async (who) => {
      await runUseCase(deps.app, who.actor, completeTask, { incidentId: incidentIdOf(click), taskId: click.value.taskId ?? '' });
      return slackText(who.locale, 'done', { what: slackText(who.locale, 'actTask') });
    }),
  [ACTION_IDS.announceCompanyWide]: async (deps, click) => {
    const who = await whoIs(deps, click.client, click.user);
    try {
      const { row } = await runQuery(deps.app, who.actor, getIncident, { incidentId: incidentIdOf(click) });
      const draft = slackText(who.locale, 'announceDraft', { title: row.title, severity: row.severity ?? '-', impact: row.impact || '-' });
      await click.client.views.open({ trigger_id: click.triggerId, view: modals.announceModal(who.locale, context(click), draft) });
    } catch (error) {
      await replyTo(click.client, click, errorText(who.locale, error));
    }
  },
  [ACTION_IDS.openInWeb]: () => Promise.resolve(),
  [ACTION_IDS.claimReport]: (deps, click) =>
    act(deps, click.client, click, async (who) => {
      await runUseCase(deps.app, who.actor, claimReport, { reportId: click.value.reportId ?? '' });
      return slackText(who.locale, 'done', { what: slackText(who.locale, 'actClaim') });
    }),
  [ACTION_IDS.declareFromReport]: async (deps, click) => {
    const locale = await quickLocale(deps, click.user);
    const who = await whoIs(deps, click.client, click.user).catch(() => null);
    const report = who ? await runQuery(deps.app, who.actor, getReport, { reportId: click.value.reportId ?? '' }).catch(() => null) : null;
    const prefill = report ? { title: report.row.title, summary: report.row.description } : {};
    await click.client.views.open({ trigger_id: click.triggerId, view: modals.declareModal(playbook(deps), locale, context(click), prefill) });
  },
  [HOME_DECLARE]: openModal((deps, _click, locale) => modals.declareModal(playbook(deps), locale, {})),
  [ACTION_IDS.dismissReport]: openModal((_deps, click, locale) => modals.dismissModal(locale, context(click))),
  [ACTION_IDS.completeAction]: openModal((_deps, click, locale) => modals.completeActionModal(locale, context(click))),
  [ACTION_IDS.deferAction]: openModal((_deps, click, locale) => modals.deferActionModal(locale, context(click))),
};

function optionsOf(body: unknown): { key: string; title: string }[] {
  const options = (body as { options?: unknown } | null)?.options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((o: unknown) => {
    const option = o as { key?: unknown; title?: unknown };
    return typeof option.key === 'string' && typeof option.title === 'string' ? [{ key: option.key, title: option.title }] : [];
  });
}

/** Registers one listener for every hikeshi button. */
export function registerActions(bolt: App, deps: SlackDeps): void {
  bolt.action<BlockAction>(/^hikeshi:/, async ({ ack, body, action, client }) => {
    await ack();
    const handler = CLICK_HANDLERS[action.action_id];
    if (!handler) return;
    const click: Click = {
      client,
      user: body.user.id,
      channel: body.channel?.id,
      triggerId: body.trigger_id,
      value: decodeActionValue(action.type === 'button' ? (action).value : undefined),
    };
    try {
      await handler(deps, click);
    } catch (error) {
      deps.log.warn(`slack action ${action.action_id} failed`, error);
      const locale = await quickLocale(deps, click.user).catch(() => playbook(deps).workspace.defaultLocale);
      await replyTo(client, click, errorText(locale, error)).catch((replyError: unknown) => deps.log.warn('slack reply failed', replyError));
    }
  });
}
