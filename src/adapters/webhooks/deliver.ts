import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PlaybookRegistry } from '../../app/context.ts';
import { resolveTargets, type WebhookTargetView } from '../../app/webhooks/webhook-targets.ts';
import { checkWebhookUrl, wantsEvent } from '../../domain/webhooks.ts';
import { PermanentError, RetryLaterError } from '../../jobs/errors.ts';
import type { OutboxDelivery, OutboxHandler } from '../../jobs/outbox-dispatcher.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import type { Database } from '../../store/schema.ts';
import { signPayload } from './sign.ts';

/**
 * The `webhook.deliver` outbox handler. A use case writes one row per event
 * (`{event, data}`); delivering it fans out: one new row per target that subscribed to the event
 * (`{event, data, targetId}`, key `<row key>:<target>`, so a retried fan-out adds nothing). Each
 * target row is then POSTed on its own, signed, with its own retries: a target that is down
 * neither holds back the others nor, having no incident, the incident's Slack effects.
 *
 * Outcomes: 2xx done; 429 and 503 with Retry-After → RetryLaterError; 408, 425, 429, 5xx,
 * timeouts and network errors → retried with backoff; any other answer (4xx, 3xx: redirects
 * are not followed) → PermanentError.
 */

export interface WebhookDeliveryOptions {
  db: Kysely<Database>;
  playbooks: PlaybookRegistry;
  workspaceId: string;
  /** Where secrets are read (process.env at boot); only the names in targets are looked up. */
  env: Readonly<Record<string, string | undefined>>;
  /** The time put in `X-Hikeshi-Timestamp` and the fan-out rows. */
  now: () => Date;
  timeoutMs?: number;
  /** Longest Retry-After honoured; longer ones wait this long. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  newId?: () => string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
const RETRYABLE = new Set([408, 425, 429]);

export function createWebhookHandler(options: WebhookDeliveryOptions): OutboxHandler {
  const doFetch = options.fetch ?? fetch;
  const newId = options.newId ?? randomUUID;
  const targets = () =>
    resolveTargets({ tx: options.db, playbooks: options.playbooks, workspaceId: options.workspaceId });

  const fanOut = async (delivery: OutboxDelivery, event: string) => {
    const wanted = (await targets()).filter((t) => wantsEvent(t, event));
    const at = options.now();
    await enqueueOutbox(
      options.db,
      wanted.map((target) => ({
        id: newId(),
        workspaceId: delivery.workspaceId,
        topic: 'webhook.deliver' as const,
        idempotencyKey: `${delivery.idempotencyKey}:${target.id}`,
        incidentId: null,
        payload: { ...delivery.payload, targetId: target.id },
        at,
      })),
    );
    return { fannedOut: wanted.map((t) => t.id) };
  };

  const post = async (delivery: OutboxDelivery, event: string, target: WebhookTargetView) => {
    const url = checkUrl(target.url);
    const secret = options.env[target.secretEnv];
    if (secret === undefined || secret === '') {
      throw new PermanentError(`webhook target ${target.name}: the environment variable ${target.secretEnv} is not set`);
    }
    const timestamp = Math.floor(options.now().getTime() / 1000);
    const body = JSON.stringify({
      id: delivery.id,
      event,
      createdAt: new Date(timestamp * 1000).toISOString(),
      data: delivery.payload['data'] ?? {},
    });
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'hikeshi-webhooks/1',
          'x-hikeshi-event': event,
          'x-hikeshi-delivery': delivery.id,
          'x-hikeshi-timestamp': String(timestamp),
          'x-hikeshi-signature': signPayload(secret, timestamp, body),
          'idempotency-key': delivery.id,
        },
        body,
      });
    } catch (error) {
      // Timeouts, refused connections, DNS: the receiver may be back later.
      throw new Error(`webhook target ${target.name}: ${describe(error)}`, { cause: error });
    }
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status >= 200 && status < 300) return { target: target.id, status };
    const retryAfter = retryAfterMs(response.headers.get('retry-after'), options.now());
    if ((status === 429 || status === 503) && retryAfter !== null) {
      throw new RetryLaterError(Math.min(retryAfter, options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS), `webhook target ${target.name}: ${status}, Retry-After`);
    }
    if (RETRYABLE.has(status) || status >= 500) throw new Error(`webhook target ${target.name}: HTTP ${status}`);
    throw new PermanentError(`webhook target ${target.name}: HTTP ${status} (not retried)`);
  };

  return async (delivery) => {
    const event = delivery.payload['event'];
    if (typeof event !== 'string') throw new PermanentError('webhook.deliver payload has no event');
    const targetId = delivery.payload['targetId'];
    if (targetId === undefined) return fanOut(delivery, event);
    const target = (await targets()).find((t) => t.id === targetId);
    if (!target) throw new PermanentError(`webhook target ${JSON.stringify(targetId)} no longer exists`);
    return post(delivery, event, target);
  };
}

function checkUrl(url: string): string {
  try {
    return checkWebhookUrl(url);
  } catch {
    throw new PermanentError(`webhook URL refused (http/https only, no credentials): ${url}`);
  }
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or bad. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}
