import type { FastifyRequest } from 'fastify';
import { hasWorkspaceRole, type Actor } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import { localeFrom } from '../../i18n/index.ts';
import { resumeSession } from '../../app/sessions/web-session.ts';
import type { WebSession } from '../../store/sessions.ts';
import { findAuthentication, hashToken, touchToken } from '../../store/tokens.ts';
import type { User } from '../../store/users.ts';
import type { HttpDeps } from './deps.ts';
import type { RouteAuth } from './route.ts';
import { hasValidCsrfToken, isSafeMethod, readCookie, SESSION_COOKIE } from './session-cookie.ts';

/**
 * Authentication by bearer token or, without an Authorization header, by the web session cookie
 * (session-cookie.ts; unsafe methods then need the session's CSRF token). Bearer tokens: A token is looked up by its SHA-256; revoked tokens and inactive
 * users do not authenticate. `last_used_at` is written at most once a minute per token.
 */

const TOUCH_INTERVAL_MS = 60_000;
const FALLBACK_LOCALE: Locale = 'en';

const locales = new WeakMap<FastifyRequest, Locale>();
const sessions = new WeakMap<FastifyRequest, WebSession>();

/** The web session a request was authenticated by (none for bearer tokens). */
export function requestSession(request: FastifyRequest): WebSession | undefined {
  return sessions.get(request);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The language to answer a request in (the user's choice once known, else Accept-Language, else en). */
export function requestLocale(request: FastifyRequest): Locale {
  return (
    locales.get(request) ??
    localeFrom(headerValue(request.headers['accept-language']), null, FALLBACK_LOCALE)
  );
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The user of the session cookie. A cookie-authenticated unsafe request without the right CSRF
 * token is refused (`csrf_failed`); on a public route it just counts as anonymous.
 */
async function userOfSession(request: FastifyRequest, deps: HttpDeps, auth: RouteAuth): Promise<User | undefined> {
  const secret = readCookie(request, SESSION_COOKIE);
  if (!secret) return undefined;
  const found = await resumeSession(deps.app, secret);
  if (!found) return undefined;
  if (!isSafeMethod(request.method) && !hasValidCsrfToken(request, found.session.csrfToken)) {
    if (auth === 'public') return undefined;
    throw new DomainError('csrf_failed');
  }
  sessions.set(request, found.session);
  return found.user;
}

async function userOfToken(request: FastifyRequest, deps: HttpDeps, auth: RouteAuth): Promise<User | undefined> {
  const header = headerValue(request.headers.authorization);
  if (header === undefined) return userOfSession(request, deps, auth);
  const token = bearerToken(header);
  if (token === undefined) return undefined;
  const tokenHash = hashToken(token);
  const found =
    deps.authCache?.get(tokenHash) ??
    (await findAuthentication(deps.app.db, deps.app.workspaceId, tokenHash));
  if (!found) return undefined;
  deps.authCache?.set(tokenHash, found);
  const now = deps.app.clock.now();
  const { lastUsedAt, id } = found.token;
  if (lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await touchToken(deps.app.db, id, now, new Date(now.getTime() - TOUCH_INTERVAL_MS + 1));
    found.token = { ...found.token, lastUsedAt: now };
  }
  return found.user;
}

export interface Authentication {
  actor: Actor | null;
  user: User | null;
  locale: Locale;
}

/**
 * Who is calling and in which language to answer. Throws `unauthenticated` (no valid token) or
 * `forbidden` (role below `auth`); public routes take a valid token if given and ignore others.
 */
export async function authenticate(request: FastifyRequest, deps: HttpDeps, auth: RouteAuth): Promise<Authentication> {
  // The route's own secret may arrive as a bearer token (alert senders): it is not a user's.
  const user = auth === 'secret' ? null : ((await userOfToken(request, deps, auth)) ?? null);
  const locale = localeFrom(headerValue(request.headers['accept-language']), user?.locale, FALLBACK_LOCALE);
  locales.set(request, locale);
  const actor: Actor | null = user ? { userId: user.id, role: user.role } : null;
  if (auth === 'public' || auth === 'secret') return { actor, user, locale };
  if (!actor) throw new DomainError('unauthenticated');
  if (!hasWorkspaceRole(actor.role, auth)) throw new DomainError('forbidden', { needed: auth });
  return { actor, user, locale };
}
