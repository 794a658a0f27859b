import { enqueueOutbox, type OutboxEntry } from '../../store/outbox.ts';
import { hasDigest } from '../../store/slack-digests.ts';
import { todayIn } from '../actions/today.ts';
import type { UseCaseContext } from '../context.ts';

/**
 * Keeping the morning digest current (docs/actions.md). A change to a prevention action on a day
 * whose digest was made records `slack.refresh_digest` in its transaction, keyed by a 2-second
 * window as the App Home's refresh is: the changes of one window share one row, due when the
 * window ends, which edits the day's digest message once to show the state after them.
 */
export const DIGEST_REFRESH_WINDOW_MS = 2_000;

/** The outbox entry refreshing the digest of `date` after the current window. */
export function digestRefreshEntry(ctx: Pick<UseCaseContext, 'newId' | 'workspaceId' | 'now'>, date: string): OutboxEntry {
  const due = new Date((Math.floor(ctx.now.getTime() / DIGEST_REFRESH_WINDOW_MS) + 1) * DIGEST_REFRESH_WINDOW_MS);
  return {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic: 'slack.refresh_digest',
    idempotencyKey: `slack.refresh_digest:${ctx.workspaceId}:${due.toISOString()}`,
    incidentId: null,
    payload: { date, due: due.toISOString() },
    at: due,
  };
}

/** Records the refresh of today's digest, when today has one (nothing on days without a digest). */
export async function enqueueDigestRefresh(ctx: UseCaseContext): Promise<void> {
  const date = todayIn(ctx.playbooks.current().playbook.followUp.digest.timezone, ctx.now);
  if (!(await hasDigest(ctx.tx, ctx.workspaceId, date))) return;
  await enqueueOutbox(ctx.tx, digestRefreshEntry(ctx, date));
}
