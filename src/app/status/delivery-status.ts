import { slackOutboxCounts, webhookOutboxCounts, type OutboxCounts, type WebhookTargetCounts } from '../../store/outbox-status.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { resolveTargets, type WebhookTargetView } from '../webhooks/webhook-targets.ts';

/** How far back failures are counted on the settings page. */
export const FAILURE_WINDOW_DAYS = 7;

function windowStart(now: Date): Date {
  return new Date(now.getTime() - FAILURE_WINDOW_DAYS * 24 * 60 * 60 * 1000);
}

/** Slack deliveries waiting in the outbox and those given up on lately (admins). */
export async function slackDeliveryStatus(ctx: UseCaseContext): Promise<OutboxCounts> {
  authorize(ctx.actor, 'user.manage');
  return slackOutboxCounts(ctx.tx, ctx.workspaceId, windowStart(ctx.now));
}

/** Every outbound webhook target with its deliveries pending and failed lately (admins). */
export async function webhookDeliveryStatus(ctx: UseCaseContext): Promise<(WebhookTargetView & WebhookTargetCounts)[]> {
  authorize(ctx.actor, 'user.manage');
  const [targets, counts] = await Promise.all([resolveTargets(ctx), webhookOutboxCounts(ctx.tx, ctx.workspaceId, windowStart(ctx.now))]);
  return targets.map((target) => ({ ...target, ...(counts.get(target.id) ?? { pending: 0, failed: 0, lastFailure: null, lastDeliveredAt: null }) }));
}
