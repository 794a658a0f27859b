import type { OutboxEntry } from '../../store/outbox.ts';
import { recordHomeOpen } from '../../store/slack-home.ts';
import type { UseCaseContext } from '../context.ts';

/**
 * Keeping the App Home fresh. A change to what the Home shows (an incident's roles, tasks or
 * status; a report waiting or taken) records `slack.refresh_home` in its transaction, keyed by a
 * 5-second window: every change in the window shares one row (the others are ignored by the
 * outbox's key), which becomes due when the window ends, so a burst of changes republishes each
 * recent viewer's Home once, showing the state after the burst.
 */
export const HOME_REFRESH_WINDOW_MS = 5_000;

/** The outbox entry refreshing the App Home of recent viewers after the current window. */
export function homeRefreshEntry(ctx: Pick<UseCaseContext, 'newId' | 'workspaceId' | 'now'>): OutboxEntry {
  const due = new Date((Math.floor(ctx.now.getTime() / HOME_REFRESH_WINDOW_MS) + 1) * HOME_REFRESH_WINDOW_MS);
  return {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic: 'slack.refresh_home',
    idempotencyKey: `slack.refresh_home:${ctx.workspaceId}:${due.toISOString()}`,
    incidentId: null,
    payload: { due: due.toISOString() },
    at: due,
  };
}

/** Records that a Slack user opened the App Home (and was shown it now). */
export async function recordHomeOpened(ctx: UseCaseContext, input: { slackUserId: string }): Promise<void> {
  await recordHomeOpen(ctx.tx, { workspace_id: ctx.workspaceId, slack_user_id: input.slackUserId, opened_at: ctx.now });
}
