import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web session cookie and the CSRF check (docs/web.md):
 * - `hikeshi_session`: `HttpOnly` (scripts cannot read it), `SameSite=Lax` (not sent on
 *   cross-site POSTs), `Secure` when HIKESHI_PUBLIC_URL is https, `Path=/`.
 * - CSRF: a request authenticated by the cookie with an unsafe method (anything but GET, HEAD,
 *   OPTIONS) must carry `X-CSRF-Token` equal to its session's token, which only the app can read
 *   (from the sign-in answer or `GET /api/v1/session`; same-origin JSON). Requests with an
 *   `Authorization` header are not cookie-authenticated and need no token.
 */
export const SESSION_COOKIE = 'hikeshi_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a method changes nothing (no CSRF token needed). */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The value of one cookie of the request, if present. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function cookieAttributes(publicUrl: string, maxAgeSeconds: number): string {
  const secure = publicUrl.startsWith('https:') ? '; Secure' : '';
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** Sets the session cookie. */
export function setSessionCookie(reply: FastifyReply, publicUrl: string, secret: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(secret)}; ${cookieAttributes(publicUrl, maxAgeSeconds)}`);
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttributes(publicUrl, 0)}`);
}

/** Constant-time comparison of the request's CSRF header with the session's token. */
export function hasValidCsrfToken(request: FastifyRequest, expected: string): boolean {
  const given = request.headers[CSRF_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  if (value === undefined) return false;
  const a = Buffer.from(value, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a request's `Origin` (when the browser sent one) is this server: the Host it was sent
 * to, or HIKESHI_PUBLIC_URL. Used on sign-in, where no session (and so no CSRF token) exists yet.
 */
export function isSameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === request.headers.host || host === new URL(publicUrl).host;
}
