import type { Locale } from './types.ts';

/** An error answer of the API: `{error: {code, message, details}}`, message in the UI's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** Called when a request answers 401 (the session ended): the app goes back to the sign-in page. */
export function setOnUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}
let locale: Locale = 'en';

/** The session's CSRF token, sent as X-CSRF-Token on every unsafe request (docs/web.md). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The language API messages (guard refusals) come back in. */
export function setApiLocale(next: Locale): void {
  locale = next;
}

/** Calls the API with the session cookie; throws ApiError on an error answer. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/v1/session') onUnauthenticated();
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `${response.status} ${response.statusText}`, error?.details);
  }
  return (parsed ?? text) as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The guard's or validator's message of an error, with the blockers (details) when it lists them. */
export function errorLines(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const lines = [error.message];
  if (Array.isArray(error.details)) {
    for (const item of error.details as unknown[]) {
      const message = (item as { message?: unknown }).message;
      if (typeof message === 'string' && message !== error.message) lines.push(message);
    }
  }
  return lines;
}
