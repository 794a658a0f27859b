import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Bolt's receiver inside the Fastify server, at `POST /slack/events`. It keeps the raw body for
 * the signature check (`X-Slack-Signature`, HMAC-SHA256 of `v0:<timestamp>:<body>` with the
 * signing secret; 401 on a bad signature or a timestamp more than 5 minutes old), reads JSON
 * events (answering `url_verification` itself), form-encoded interactivity (`payload=`) and slash
 * commands, and answers Slack as soon as the listener acks — listeners ack first and work after,
 * so a slow database or Slack API never delays the answer. Without an ack in `ACK_DEADLINE_MS`
 * the request is answered empty anyway (Slack gives up after 3 s).
 */

export const SLACK_EVENTS_PATH = '/slack/events';
const ACK_DEADLINE_MS = 2500;
const MAX_SKEW_SECONDS = 5 * 60;

export interface FastifyReceiverOptions {
  signingSecret: string;
  /** The clock signatures are checked against (ms since the epoch); default Date.now. */
  nowMs?: () => number;
  log?: { error(message: string, error?: unknown): void };
}

type ParsedBody = Record<string, unknown>;

export class FastifyReceiver implements Receiver {
  private bolt: App | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: FastifyReceiverOptions) {}

  init(app: App): void {
    this.bolt = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Waits for the work still running after the acks (tests, shutdown). */
  async stop(): Promise<void> {
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Registers `POST /slack/events` with its own body parsing (the API's parsers take JSON only). */
  register(server: FastifyInstance): void {
    server.register((scope, _opts, done) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, next) => next(null, body));
      scope.post(SLACK_EVENTS_PATH, (request, reply) => this.handle(request, reply));
      done();
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const raw = typeof request.body === 'string' ? request.body : '';
    const signature = request.headers['x-slack-signature'];
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    const nowMs = this.options.nowMs?.() ?? Date.now();
    if (typeof signature !== 'string' || !Number.isFinite(timestamp)) {
      return fail(reply, 401, 'invalid_signature', 'X-Slack-Signature and X-Slack-Request-Timestamp are required.');
    }
    if (Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      return fail(reply, 401, 'stale_request', 'X-Slack-Request-Timestamp is more than 5 minutes away from now.');
    }
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
    } catch {
      return fail(reply, 401, 'invalid_signature', 'The request signature does not match.');
    }
    const body = parseBody(raw, String(request.headers['content-type'] ?? ''));
    if (!body) return fail(reply, 400, 'bad_request', 'The body is neither Slack JSON nor a Slack form.');
    if (body.ssl_check === '1') return reply.code(200).send();
    if (body.type === 'url_verification') {
      return reply.code(200).type('application/json').send({ challenge: body.challenge });
    }
    return this.dispatch(body, request, reply);
  }

  private dispatch(body: ParsedBody, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    return this.dispatchAndWaitForAck(body, request, reply).then(() => reply);
  }

  private dispatchAndWaitForAck(body: ParsedBody, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const bolt = this.bolt;
    if (!bolt) {
      fail(reply, 503, 'slack_not_ready', 'The Slack app is not started.');
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let isAnswered = false;
      const answer = (response: unknown): void => {
        if (isAnswered) return;
        isAnswered = true;
        clearTimeout(timer);
        if (response === undefined || response === '') void reply.code(200).send();
        else if (typeof response === 'string') void reply.code(200).type('text/plain; charset=utf-8').send(response);
        else void reply.code(200).type('application/json').send(response);
        resolve();
      };
      const timer = setTimeout(() => answer(undefined), ACK_DEADLINE_MS);
      const retry = request.headers['x-slack-retry-num'];
      const reason = request.headers['x-slack-retry-reason'];
      const event: ReceiverEvent = {
        body,
        ack: (response?: unknown) => {
          answer(response);
          return Promise.resolve();
        },
        ...(typeof retry === 'string' && /^\d+$/.test(retry) ? { retryNum: Number(retry) } : {}),
        ...(typeof reason === 'string' ? { retryReason: reason } : {}),
      };
      const work = bolt
        .processEvent(event)
        .catch((error: unknown) => {
          this.options.log?.error('slack event failed', error);
        })
        .finally(() => {
          this.pending.delete(work);
          answer(undefined);
        });
      this.pending.add(work);
    });
  }
}

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

/** JSON (events) or a form: `payload=<json>` (interactivity) or the fields of a slash command. */
export function parseBody(raw: string, contentType: string): ParsedBody | null {
  try {
    if (contentType.startsWith('application/json')) {
      const parsed: unknown = JSON.parse(raw);
      return isObject(parsed) ? parsed : null;
    }
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      if (typeof form.payload === 'string') {
        const parsed: unknown = JSON.parse(form.payload);
        return isObject(parsed) ? parsed : null;
      }
      return form;
    }
  } catch {
    return null;
  }
  return null;
}

function isObject(value: unknown): value is ParsedBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
