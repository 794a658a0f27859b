import { fail, type SlackBody } from './args.ts';

/**
 * What a test can do to the emulator's answers besides the workspace: delay them, fail the next
 * calls of a method, and rate-limit a method the way Slack's tiers do (HTTP 429, `Retry-After`).
 */

/** An answer before it is written: HTTP status, JSON body, extra headers. */
export interface HttpAnswer {
  status: number;
  body: SlackBody;
  headers: Record<string, string>;
}

export interface FailureSpec {
  /** The Slack error code (default: `ratelimited` for 429, `service_unavailable` for 503, else `internal_error`). */
  error?: string;
  /** HTTP status (default: 429 when `error` is `ratelimited` or `retryAfterSeconds` is set, else 200). */
  status?: number;
  /** Sent as the `Retry-After` header (default 1 on a 429). */
  retryAfterSeconds?: number;
  /** How many calls in a row fail (default 1). */
  times?: number;
}

export type RateLimitSpec = { perMinute: number } | { tier: 1 | 2 | 3 | 4 };

/** Requests per minute at the bottom of each tier ("Tier 2: 20+ per minute", docs.slack.dev/apis/web-api/rate-limits). */
export const TIER_PER_MINUTE: Readonly<Record<1 | 2 | 3 | 4, number>> = {
  1: 1,
  2: 20,
  3: 50,
  4: 100,
};

/**
 * The tier each emulated method's page states; `special` ones (auth.test, chat.postMessage,
 * chat.getPermalink) have rules of their own and are not limited by `rateLimitAsDocumented`.
 */
export const METHOD_TIERS: Readonly<Record<string, 1 | 2 | 3 | 4 | 'special'>> = {
  'auth.test': 'special',
  'conversations.create': 2,
  'conversations.invite': 3,
  'conversations.setTopic': 2,
  'conversations.archive': 2,
  'conversations.join': 3,
  'conversations.list': 2,
  'conversations.info': 3,
  'chat.postMessage': 'special',
  'chat.update': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 'special',
  'pins.add': 2,
  'bookmarks.add': 2,
  'users.info': 4,
  'users.lookupByEmail': 3,
  'usergroups.users.list': 2,
  'usergroups.list': 2,
  'views.open': 4,
  'views.update': 4,
  'views.publish': 4,
  'reactions.get': 3,
  'conversations.history': 3,
  'conversations.replies': 3,
  'functions.completeSuccess': 3,
  'functions.completeError': 3,
  'apps.connections.open': 1,
};

const WINDOW_MS = 60_000;

/** Builds the answer of an injected failure. */
export function failureAnswer(spec: FailureSpec): HttpAnswer {
  const isRateLimit = spec.error === 'ratelimited' || spec.retryAfterSeconds !== undefined;
  const status = spec.status ?? (isRateLimit ? 429 : 200);
  const defaultError =
    status === 429 ? 'ratelimited' : status === 503 ? 'service_unavailable' : 'internal_error';
  const retryAfter = spec.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  return {
    status,
    body: fail(spec.error ?? defaultError),
    headers: retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
  };
}

/** Latency, injected failures and rate limits, per method. */
export class Controls {
  private latencyByMethod = new Map<string, number>();
  private latencyForAll = 0;
  private failures = new Map<string, Array<{ spec: FailureSpec; remaining: number }>>();
  private limits = new Map<string, { perMinute: number; admitted: number[] }>();

  setLatency(ms: number, methods?: readonly string[]): void {
    if (methods === undefined) this.latencyForAll = ms;
    else for (const method of methods) this.latencyByMethod.set(method, ms);
  }

  latencyFor(method: string): number {
    return this.latencyByMethod.get(method) ?? this.latencyForAll;
  }

  addFailure(method: string, spec: FailureSpec): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ spec, remaining: spec.times ?? 1 });
    this.failures.set(method, queue);
  }

  /** The next injected failure of `method`, used up one call at a time. */
  takeFailure(method: string): HttpAnswer | null {
    const queue = this.failures.get(method);
    const next = queue?.[0];
    if (!queue || !next) return null;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return failureAnswer(next.spec);
  }

  setRateLimit(method: string, spec: RateLimitSpec): void {
    const perMinute = 'tier' in spec ? TIER_PER_MINUTE[spec.tier] : spec.perMinute;
    this.limits.set(method, { perMinute, admitted: [] });
  }

  /**
   * Admits a call of `method` at `nowMs`, or answers 429 `ratelimited` with `Retry-After` in
   * whole seconds until the oldest call of the last minute leaves the window. Refused calls do
   * not count.
   */
  admit(method: string, nowMs: number): HttpAnswer | null {
    const limit = this.limits.get(method);
    if (!limit) return null;
    limit.admitted = limit.admitted.filter((at) => at > nowMs - WINDOW_MS);
    const oldest = limit.admitted[0];
    if (oldest !== undefined && limit.admitted.length >= limit.perMinute) {
      const seconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - nowMs) / 1000));
      return failureAnswer({ error: 'ratelimited', status: 429, retryAfterSeconds: seconds });
    }
    limit.admitted.push(nowMs);
    return null;
  }
}
