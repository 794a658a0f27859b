import { runQuery } from '../../../app/context.ts';
import { getHomeView } from '../../../app/slack/home.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { homeViewersToRefresh, markHomePublished } from '../../../store/slack-home.ts';
import { findUserBySlackId } from '../../../store/users.ts';
import { homeTab } from '../now.presenter.ts';
import { callSlack } from '../web-client.ts';
import type { SlackDelivery } from './context.ts';

/** Only people who opened the Home this recently are kept fresh. */
const RECENT_MS = 7 * 24 * 3_600_000;
/** At most this many Homes per window (the most recent viewers first). */
const MAX_VIEWERS = 200;

/**
 * `slack.refresh_home`: republishes the App Home (views.publish) of every user who opened it in the
 * last 7 days, as they may see it now. A viewer already published at or after the row's window
 * end is skipped, so a retried row repeats nobody, and a user Slack no longer knows is skipped.
 */
export function refreshHome(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const { db, workspaceId, clock } = delivery.app;
    const due = typeof outbox.payload['due'] === 'string' ? new Date(outbox.payload['due']) : clock.now();
    const viewers = await homeViewersToRefresh(db, workspaceId, { since: new Date(clock.now().getTime() - RECENT_MS), notPublishedSince: due, limit: MAX_VIEWERS });
    let published = 0;
    for (const slackUserId of viewers) {
      const user = await findUserBySlackId(db, workspaceId, slackUserId);
      if (!user) continue;
      const actor = { userId: user.id, role: user.isActive ? user.role : ('viewer' as const) };
      const view = await runQuery(delivery.app, actor, getHomeView, {});
      const locale = user.locale ?? delivery.app.playbooks.current().playbook.workspace.defaultLocale;
      await callSlack('views.publish', () => delivery.client.views.publish({ user_id: slackUserId, view: homeTab(view, locale, delivery.publicUrl) }), ['user_not_found']);
      await markHomePublished(db, workspaceId, slackUserId, clock.now());
      published += 1;
    }
    return { published };
  };
}
