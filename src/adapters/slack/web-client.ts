import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from '@slack/web-api';
import type { SlackConfig } from '../../config/env.ts';
import { PermanentError, RetryLaterError } from '../../jobs/errors.ts';

/**
 * The Slack Web API client of the outbox handlers, and what its errors mean for a delivery.
 * The client never retries by itself: the outbox retries (with backoff, and exactly after
 * `Retry-After` on a 429), so a retry is recorded and survives a restart.
 */

/** Give up waiting for one Slack call after this long (the call is then retried by the outbox). */
const CALL_TIMEOUT_MS = 10_000;

/** A WebClient for the bot token, pointed at `apiUrl` when set; undefined without a token. */
export function createSlackClient(config: SlackConfig | null): WebClient | undefined {
  if (!config?.botToken) return undefined;
  return new WebClient(config.botToken, {
    ...(config.apiUrl ? { slackApiUrl: withSlash(config.apiUrl) } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: CALL_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
  });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Slack errors that a later try can fix. Slack's "common errors" list `internal_error`,
 * `fatal_error` ("could not complete your operation(s) … likely due to a transient issue"),
 * `request_timeout` and `service_unavailable`; `ratelimited` comes with a 429 and is handled apart.
 */
const TRANSIENT_SLACK_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'request_timeout',
  'service_unavailable',
  'team_added_to_org',
]);

/** Default wait when a 429 comes without a usable `Retry-After`. */
const DEFAULT_RETRY_AFTER_MS = 30_000;

/** The Slack error code of a failed call (`channel_not_found`…), or undefined for other failures. */
export function slackErrorCode(error: unknown): string | undefined {
  if (!isWebApiError(error)) return undefined;
  if (error.code === ErrorCode.PlatformError) return error.data.error;
  if (error.code === ErrorCode.RateLimitedError) return 'ratelimited';
  return undefined;
}

/**
 * What a failed Slack call means for the delivery:
 * - HTTP 429 / `ratelimited` → RetryLaterError(Retry-After), not counted as an attempt;
 * - 5xx, time-outs, network errors and Slack's transient errors → the same error (backoff);
 * - any other Slack error (`invalid_auth`, `not_authed`, `account_inactive`, `token_revoked`,
 *   `missing_scope`, `channel_not_found`, `is_archived`, `restricted_action`, `invalid_blocks`,
 *   `msg_too_long`, …) → PermanentError: no retry can fix it.
 */
export function classifySlackError(error: unknown, method: string): Error {
  if (!isWebApiError(error)) return error instanceof Error ? error : new Error(String(error));
  switch (error.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = Number.isFinite(error.retryAfter) && error.retryAfter >= 0 ? error.retryAfter : NaN;
      const ms = Number.isNaN(seconds) ? DEFAULT_RETRY_AFTER_MS : seconds * 1000;
      return new RetryLaterError(ms, `${method}: ratelimited, retry after ${ms} ms`, { cause: error });
    }
    case ErrorCode.PlatformError: {
      const code = error.data.error;
      if (code === 'ratelimited') return new RetryLaterError(DEFAULT_RETRY_AFTER_MS, `${method}: ratelimited`, { cause: error });
      const detail = describeDetail(error.data as unknown as Record<string, unknown>);
      const message = `${method}: ${code}${detail}`;
      if (TRANSIENT_SLACK_ERRORS.has(code)) return new Error(message, { cause: error });
      return new PermanentError(message, { cause: error });
    }
    case ErrorCode.HTTPError:
      if (error.statusCode === 429) {
        const header = Number(error.headers['retry-after']);
        const ms = Number.isFinite(header) && header >= 0 ? header * 1000 : DEFAULT_RETRY_AFTER_MS;
        return new RetryLaterError(ms, `${method}: HTTP 429, retry after ${ms} ms`, { cause: error });
      }
      return new Error(`${method}: HTTP ${error.statusCode}`, { cause: error });
    default:
      return new Error(`${method}: ${error.message}`, { cause: error });
  }
}

/** Slack's own explanation of a refused call (`needed` scope, block errors), kept short. */
function describeDetail(data: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof data['needed'] === 'string') parts.push(`needed: ${data['needed']}`);
  const metadata = data['response_metadata'];
  if (typeof metadata === 'object' && metadata !== null) {
    const messages = (metadata as { messages?: unknown }).messages;
    if (Array.isArray(messages)) parts.push(...messages.slice(0, 3).map(String));
  }
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function isWebApiError(error: unknown): error is WebAPICallError {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return (
    code === ErrorCode.PlatformError ||
    code === ErrorCode.RateLimitedError ||
    code === ErrorCode.HTTPError ||
    code === ErrorCode.RequestError
  );
}

/**
 * Runs one Slack call; a failure is thrown already classified (see classifySlackError), except
 * the Slack error codes in `accept`, which resolve to `{ error: code }` for the caller to handle
 * (`name_taken`, `already_in_channel`, `already_pinned`…).
 */
export async function callSlack<T>(
  method: string,
  call: () => Promise<T>,
  accept: readonly string[] = [],
): Promise<T | { error: string }> {
  try {
    return await call();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== undefined && accept.includes(code)) return { error: code };
    throw classifySlackError(error, method);
  }
}

/** Narrowing helper for callSlack's accepted errors. */
export function isAccepted<T>(result: T | { error: string }): result is { error: string } {
  return typeof result === 'object' && result !== null && 'error' in result && typeof (result as { error: unknown }).error === 'string' && !('ok' in result);
}
