import type { KnownBlock } from '@slack/types';
import { findSeverity } from '../../../domain/playbook.ts';
import { slackText } from '../../../i18n/slack-messages.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findChannelOfIncident } from '../../../store/slack-channels.ts';
import { ACTION_IDS, encodeActionValue } from '../action-ids.ts';
import { LIMITS, channelLink, cut, escapeMrkdwn, person } from '../blocks/mrkdwn.ts';
import { namedChannelId } from './channels.ts';
import { incidentIdOf, loadIncidentForSlack, type IncidentForSlack, type SlackDelivery } from './context.ts';
import { postKept } from './kept-message.ts';

/** The `announceTo` key whose channel gets company-wide announcements (offered to the commander). */
export const COMPANY_WIDE = 'companyWide';

/**
 * `slack.announce`: tells the severity's announce channels (the playbook's `incidents` channel by
 * default, found by name and created if missing) that the incident started or changed severity.
 * Where the severity announces company-wide (SEV1), the commander gets a one-click "announce
 * company-wide" button with a drafted message, by DM (or in the incident channel when hikeshi
 * does not know their Slack id); the click is handled by the interactions side.
 */
export function announce(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const incidentId = incidentIdOf(outbox);
    const incident = await loadIncidentForSlack(delivery, incidentId);
    const { row } = incident.detail;
    const severityId = typeof outbox.payload['severity'] === 'string' ? outbox.payload['severity'] : row.severity;
    const severity = severityId ? findSeverity(incident.playbook, severityId) : undefined;
    if (!severity) return { skipped: 'no severity' };
    const channel = await findChannelOfIncident(delivery.app.db, incidentId);
    const isChange = /:v\d+$/.test(outbox.idempotencyKey);
    const key = outbox.idempotencyKey.slice(`slack.announce:${incidentId}:`.length) || outbox.id;
    const channelText = channelLink(channel?.channel_id, `#${channel?.channel_name ?? '-'}`);
    const params = {
      severity: severity.name[incident.locale],
      meaning: escapeMrkdwn(severity.meaning[incident.locale]),
      number: row.number,
      title: escapeMrkdwn(row.title),
      impact: escapeMrkdwn(row.impact || slackText(incident.locale, 'none')),
      channel: channelText,
    };
    const text = cut(slackText(incident.locale, isChange ? 'announceSeverityChanged' : 'announceDeclared', params), LIMITS.sectionText);
    const posted: string[] = [];
    // A private incident is announced only in its own channel: its existence must not leak.
    if (!row.is_private) {
      for (const target of severity.announceTo.filter((t) => t !== COMPANY_WIDE)) {
        const name = incident.playbook.channels[target];
        if (!name) continue;
        const target_ = await namedChannelId(delivery, name);
        await postKept(delivery, { purpose: `announce:${incidentId}:${key}:${target}`, channel: target_, text, incidentId });
        posted.push(name);
      }
    }
    let offered = false;
    if (severity.announceTo.includes(COMPANY_WIDE) && !row.is_private) {
      offered = await offerCompanyWide(delivery, incident, channel?.channel_id, channelText, key);
    }
    return { announcedIn: posted, companyWideOffered: offered };
  };
}

async function offerCompanyWide(
  delivery: SlackDelivery,
  incident: IncidentForSlack,
  incidentChannel: string | undefined,
  channelText: string,
  key: string,
): Promise<boolean> {
  const { row, roles } = incident.detail;
  const locale = incident.locale;
  const target = incident.playbook.channels[COMPANY_WIDE] ?? 'general';
  const commander = roles.find((r) => r.role === 'commander');
  const draft = slackText(locale, 'companyWideDraft', {
    title: row.title,
    impact: row.impact || slackText(locale, 'none'),
    channel: channelText,
    url: incident.url,
  });
  const offer = slackText(locale, 'companyWideOffer', { commander: person(commander, ''), target });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: cut(offer, LIMITS.sectionText) } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(draft.split('\n').map((l) => `> ${escapeMrkdwn(l)}`).join('\n'), LIMITS.sectionText) } },
    {
      type: 'actions',
      block_id: 'hikeshi:company_wide',
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.announceCompanyWide,
          style: 'primary',
          text: { type: 'plain_text', text: slackText(locale, 'announceCompanyWide'), emoji: true },
          value: encodeActionValue({ incidentId: row.id }),
        },
      ],
    },
  ];
  // A DM (chat.postMessage to a user id opens the bot's DM); without a Slack id, the channel.
  const where = commander?.slackUserId ?? incidentChannel;
  if (!where) return false;
  const text = cut(`${offer}\n${draft}`, LIMITS.fallbackText);
  await postKept(delivery, { purpose: `company_wide_offer:${row.id}:${key}`, channel: where, text, blocks, incidentId: row.id });
  return true;
}
