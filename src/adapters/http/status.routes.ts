import { z } from 'zod';
import { FAILURE_WINDOW_DAYS, slackDeliveryStatus, webhookDeliveryStatus } from '../../app/status/delivery-status.ts';
import { checkSlackToken, manifestScopes, type SlackCheck } from '../slack/slack-check.ts';
import { query } from './caller.ts';
import type { HttpDeps } from './deps.ts';
import { defineRoute } from './route.ts';

/**
 * The settings page's status tab (admins): is Slack set up (auth.test and scopes, as
 * `hikeshi doctor` checks them) and what waits or failed in the outbox, for Slack and for each
 * outbound webhook target. Alert sources have their counters on `GET /api/v1/alert-sources`.
 */

/** auth.test is asked again after this long at most: the page may be reloaded at will. */
const SLACK_CHECK_TTL_MS = 60_000;

/** Per server (its deps' config): the last check and when it was made, on the app's clock. */
const slackChecks = new WeakMap<HttpDeps['config'], { at: number; check: Promise<SlackCheck> }>();

function cachedSlackCheck(deps: HttpDeps, refresh: boolean): { at: number; check: Promise<SlackCheck> } | null {
  const slack = deps.config.slack;
  if (!slack?.botToken) return null;
  const now = deps.app.clock.now().getTime();
  const cached = slackChecks.get(deps.config);
  if (cached && !refresh && now - cached.at < SLACK_CHECK_TTL_MS) return cached;
  const fresh = { at: now, check: checkSlackToken(slack.botToken, slack.apiUrl, 5_000) };
  slackChecks.set(deps.config, fresh);
  return fresh;
}

const outboxFailure = z.object({ topic: z.string(), error: z.string(), at: z.string() }).nullable();

const slackStatusResponse = z.object({
  configured: z.boolean(),
  signingSecretSet: z.boolean(),
  socketMode: z.boolean(),
  check: z
    .object({
      outcome: z.enum(['ok', 'token_refused', 'api_error', 'unreachable']),
      checkedAt: z.string(),
      bot: z.object({ user: z.string(), userId: z.string(), team: z.string(), teamId: z.string() }).nullable(),
      missingScopes: z.array(z.string()),
      grantedScopeCount: z.number().int(),
      wantedScopeCount: z.number().int(),
      /** Slack's error code, or why Slack could not be reached. */
      problem: z.string().nullable(),
    })
    .nullable(),
  outbox: z.object({ pending: z.number().int(), failed: z.number().int(), failedWindowDays: z.number().int(), lastFailure: outboxFailure }),
});

const webhookStatusResponse = z.object({
  failedWindowDays: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      url: z.string(),
      events: z.array(z.string()),
      source: z.enum(['playbook', 'api']),
      pending: z.number().int(),
      failed: z.number().int(),
      lastFailure: z.object({ error: z.string(), at: z.string() }).nullable(),
      lastDeliveredAt: z.string().nullable(),
    }),
  ),
});

export const statusRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/status/slack',
    operationId: 'getSlackStatus',
    summary: 'Slack setup (bot, team, missing scopes; auth.test cached for a minute) and Slack deliveries pending or failed (admins)',
    tags: ['status'],
    auth: 'admin',
    query: z.strictObject({ refresh: z.enum(['0', '1']).optional() }),
    responses: { 200: { description: 'The status', schema: slackStatusResponse } },
    async handler(ctx) {
      const slack = ctx.deps.config.slack ?? null;
      const cached = cachedSlackCheck(ctx.deps, ctx.query.refresh === '1');
      const [result, outbox] = await Promise.all([cached?.check, query(ctx, slackDeliveryStatus, undefined)]);
      const wanted = manifestScopes().length;
      const check =
        cached && result
          ? {
              outcome: result.outcome,
              checkedAt: new Date(cached.at).toISOString(),
              bot: result.outcome === 'ok' ? result.bot : null,
              missingScopes: result.outcome === 'ok' ? result.missingScopes : [],
              grantedScopeCount: result.outcome === 'ok' ? result.grantedScopes.length : 0,
              wantedScopeCount: wanted,
              problem: result.outcome === 'ok' ? null : result.outcome === 'unreachable' ? result.detail : result.code,
            }
          : null;
      return {
        configured: slack !== null,
        signingSecretSet: Boolean(slack?.signingSecret),
        socketMode: Boolean(slack?.appToken),
        check,
        outbox: {
          pending: outbox.pending,
          failed: outbox.failed,
          failedWindowDays: FAILURE_WINDOW_DAYS,
          lastFailure: outbox.lastFailure ? { ...outbox.lastFailure, at: outbox.lastFailure.at.toISOString() } : null,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/status/webhooks',
    operationId: 'getWebhookStatus',
    summary: 'Outbound webhook targets with their deliveries pending and failed lately (admins)',
    tags: ['status'],
    auth: 'admin',
    responses: { 200: { description: 'Every target', schema: webhookStatusResponse } },
    async handler(ctx) {
      const targets = await query(ctx, webhookDeliveryStatus, undefined);
      return {
        failedWindowDays: FAILURE_WINDOW_DAYS,
        items: targets.map((t) => ({
          id: t.id,
          name: t.name,
          url: t.url,
          events: [...t.events],
          source: t.source,
          pending: t.pending,
          failed: t.failed,
          lastFailure: t.lastFailure ? { error: t.lastFailure.error, at: t.lastFailure.at.toISOString() } : null,
          lastDeliveredAt: t.lastDeliveredAt?.toISOString() ?? null,
        })),
      };
    },
  }),
];
