import type { OutboxHandlers } from '../../../jobs/outbox-dispatcher.ts';
import { announce } from './announce.ts';
import { announceConvergence } from './announce-convergence.ts';
import { archiveChannel } from './archive-channel.ts';
import type { SlackDelivery } from './context.ts';
import { inviteLate } from './invite-late.ts';
import { openChannel } from './open-channel.ts';
import { postMessage } from './post-message.ts';
import { postmortemNews } from './postmortem-news.ts';
import { postReport } from './post-report.ts';
import { refreshCard } from './refresh-card.ts';
import { refreshDigest } from './refresh-digest.ts';
import { refreshHome } from './refresh-home.ts';

export { createSlackDelivery, type SlackDelivery, type SlackDeliveryDeps } from './context.ts';

/** The outbox handler of every Slack topic (src/store/outbox.ts). */
export function slackHandlers(delivery: SlackDelivery): OutboxHandlers {
  return {
    'slack.open_channel': openChannel(delivery),
    'slack.refresh_card': refreshCard(delivery),
    'slack.announce': announce(delivery),
    'slack.announce_convergence': announceConvergence(delivery),
    'slack.archive_channel': archiveChannel(delivery),
    'slack.invite': inviteLate(delivery),
    'slack.post_message': postMessage(delivery),
    'slack.post_report': postReport(delivery),
    'slack.refresh_home': refreshHome(delivery),
    'slack.refresh_digest': refreshDigest(delivery),
    'slack.postmortem_news': postmortemNews(delivery),
  };
}
