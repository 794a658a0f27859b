import type { WebClient } from '@slack/web-api';
import { runQuery, type AppDeps } from '../../../app/context.ts';
import { getIncident, getNowView, type IncidentDetail } from '../../../app/incidents/queries.ts';
import type { Actor } from '../../../domain/actor.ts';
import type { IncidentStatus } from '../../../domain/incident.ts';
import type { NowView } from '../../../domain/now-view.ts';
import type { Locale, Playbook } from '../../../domain/playbook.ts';
import { PermanentError } from '../../../jobs/errors.ts';
import type { OutboxDelivery } from '../../../jobs/outbox-dispatcher.ts';
import { renderIncidentCard, type SlackMessageContent } from '../blocks/incident-card.ts';
import { callSlack } from '../web-client.ts';

/** What every Slack outbox handler works with. */
export interface SlackDeliveryDeps {
  client: WebClient;
  app: AppDeps;
  /** Base of links to hikeshi's web pages (HIKESHI_PUBLIC_URL). */
  publicUrl: string;
}

/** The deps plus per-process caches (the bot's identity, channels found by name). */
export interface SlackDelivery extends SlackDeliveryDeps {
  /** The bot's own user id (auth.test, asked once per process). */
  botUserId(): Promise<string>;
  /** Channel ids of named channels (`incidents`, `general`) found or created in this process. */
  namedChannels: Map<string, string>;
}

/** Reads as the system: delivery acts for the workspace, so private incidents are visible to it. */
export const deliveryActor: Actor = { userId: 'system:slack-delivery', role: 'admin' };

export function createSlackDelivery(deps: SlackDeliveryDeps): SlackDelivery {
  let bot: Promise<string> | undefined;
  return {
    ...deps,
    namedChannels: new Map(),
    botUserId() {
      bot ??= (async () => {
        const result = await callSlack('auth.test', () => deps.client.auth.test());
        if ('error' in result || !result.user_id) throw new PermanentError('auth.test gave no user_id');
        return result.user_id;
      })();
      bot.catch(() => {
        bot = undefined;
      });
      return bot;
    },
  };
}

/** The incident id of a delivery (in the row or its payload); a row without one is a bug. */
export function incidentIdOf(delivery: OutboxDelivery): string {
  const id = delivery.incidentId ?? delivery.payload['incidentId'];
  if (typeof id !== 'string') throw new PermanentError(`${delivery.topic} needs an incidentId`);
  return id;
}

export interface IncidentForSlack {
  detail: IncidentDetail;
  now: NowView;
  playbook: Playbook;
  locale: Locale;
  status: IncidentStatus;
  url: string;
}

/** The incident as the card shows it: detail, now view, playbook and the workspace language. */
export async function loadIncidentForSlack(delivery: SlackDelivery, incidentId: string): Promise<IncidentForSlack> {
  const [detail, now] = await Promise.all([
    runQuery(delivery.app, deliveryActor, getIncident, { incidentId }),
    runQuery(delivery.app, deliveryActor, getNowView, { incidentId }),
  ]);
  const playbook = await delivery.app.playbooks.byId(delivery.app.db, detail.row.playbook_version_id);
  return {
    detail,
    now,
    playbook,
    locale: playbook.workspace.defaultLocale,
    status: detail.row.status as IncidentStatus,
    url: incidentUrl(delivery.publicUrl, detail.row.number),
  };
}

export function incidentUrl(publicUrl: string, number: number): string {
  return `${publicUrl}/incidents/${number}`;
}

/** The card of an incident as it is now. */
export function cardOf(incident: IncidentForSlack): SlackMessageContent {
  const { row } = incident.detail;
  return renderIncidentCard({
    incident: {
      id: row.id,
      number: row.number,
      title: row.title,
      summary: row.summary,
      impact: row.impact,
      severity: row.severity,
      status: incident.status,
      platforms: row.platforms,
      isPrivate: row.is_private,
      cancelReason: row.cancel_reason,
      version: row.version,
    },
    holders: incident.detail.roles.map((h) => ({ role: h.role, name: h.name, slackUserId: h.slackUserId })),
    now: incident.now,
    playbook: incident.playbook,
    locale: incident.locale,
    url: incident.url,
  });
}
