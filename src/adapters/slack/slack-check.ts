import { LogLevel, WebClient } from '@slack/web-api';
import manifest from '../../../slack/manifest.json' with { type: 'json' };

/**
 * The Slack setup check shared by `hikeshi doctor` and the settings page's status
 * (`GET /api/v1/status/slack`): `auth.test` with the bot token, and the scopes it was granted
 * (`X-OAuth-Scopes`, in `response_metadata.scopes`) against those slack/manifest.json asks for.
 */

/** Errors of auth.test that mean the token itself is wrong. */
export const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

/** The bot scopes slack/manifest.json asks for (bundled with the code). */
export function manifestScopes(): string[] {
  return [...manifest.oauth_config.scopes.bot];
}

export type SlackCheck =
  | { outcome: 'ok'; bot: { user: string; userId: string; team: string; teamId: string }; grantedScopes: string[]; missingScopes: string[] }
  /** auth.test refused the token (`code` is Slack's error, e.g. invalid_auth). */
  | { outcome: 'token_refused'; code: string }
  /** auth.test answered another error. */
  | { outcome: 'api_error'; code: string }
  /** No answer from Slack (network, timeout). */
  | { outcome: 'unreachable'; detail: string };

/** Calls auth.test with `token` at `apiUrl` (Slack's when absent) and compares the scopes. */
export async function checkSlackToken(token: string, apiUrl: string | undefined, timeoutMs = 10_000): Promise<SlackCheck> {
  const client = new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    // Failures are reported by the caller, once, in its words.
    logLevel: LogLevel.ERROR,
  });
  let result: Awaited<ReturnType<typeof client.auth.test>>;
  try {
    result = await client.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code && TOKEN_ERRORS.has(code)) return { outcome: 'token_refused', code };
    if (code) return { outcome: 'api_error', code };
    return { outcome: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  const granted = result.response_metadata?.scopes ?? [];
  const wanted = manifestScopes();
  return {
    outcome: 'ok',
    bot: { user: result.user ?? '?', userId: result.user_id ?? '?', team: result.team ?? '?', teamId: result.team_id ?? '?' },
    grantedScopes: granted,
    missingScopes: wanted.filter((scope) => !granted.includes(scope)),
  };
}
