import { slackText } from '../../../i18n/slack-messages.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findChannelOfIncident } from '../../../store/slack-channels.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { namedChannelId } from './channels.ts';
import { incidentIdOf, loadIncidentForSlack, type SlackDelivery } from './context.ts';
import { postKept } from './kept-message.ts';

/**
 * `slack.announce_convergence`: the incident converged (resolved). Said in its channel to the team,
 * and in the `incidents` channel where it was announced (not for a private incident).
 */
export function announceConvergence(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const incidentId = incidentIdOf(outbox);
    const incident = await loadIncidentForSlack(delivery, incidentId);
    const { row } = incident.detail;
    const key = outbox.idempotencyKey.slice(`slack.announce_convergence:${incidentId}:`.length) || outbox.id;
    const params = { number: row.number, title: escapeMrkdwn(row.title) };
    const posted: string[] = [];
    const channel = await findChannelOfIncident(delivery.app.db, incidentId);
    if (channel && !channel.archived_at) {
      await postKept(delivery, { purpose: `convergence:${incidentId}:${key}:channel`, channel: channel.channel_id, text: slackText(incident.locale, 'convergence', params), incidentId });
      posted.push(channel.channel_name);
    }
    const incidents = incident.playbook.channels['incidents'];
    if (incidents && !row.is_private) {
      const target = await namedChannelId(delivery, incidents);
      await postKept(delivery, { purpose: `convergence:${incidentId}:${key}:incidents`, channel: target, text: slackText(incident.locale, 'convergenceAnnounce', params), incidentId });
      posted.push(incidents);
    }
    return { announcedIn: posted };
  };
}
