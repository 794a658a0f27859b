import { createHash, randomBytes } from 'node:crypto';
import type { AppDeps, UseCaseContext } from '../context.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionByHash,
  insertSession,
  touchSession,
  type SessionVia,
  type WebSession,
} from '../../store/sessions.ts';
import type { User } from '../../store/users.ts';

/**
 * Web sessions: the cookie holds 32 random bytes; the database holds their SHA-256 only. A session
 * ends after `SESSION_IDLE_MS` without use (sliding: each use moves the end forward, written at
 * most once a minute) and at the latest `SESSION_MAX_MS` after sign-in.
 */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_MAX_MS = 30 * 24 * 3600_000;
const TOUCH_INTERVAL_MS = 60_000;

/** The stored form of a session token. */
export function hashSessionToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export interface CreatedSession {
  session: WebSession;
  /** The cookie's value: given to the browser once, never stored. */
  secret: string;
}

/** Opens a session for the acting user (after their credentials were checked). */
export async function createSession(ctx: UseCaseContext, input: { via: SessionVia }): Promise<CreatedSession> {
  await deleteExpiredSessions(ctx.tx, ctx.now);
  const secret = randomBytes(32).toString('base64url');
  const session: WebSession = {
    id: ctx.newId(),
    userId: ctx.actor.userId,
    csrfToken: randomBytes(32).toString('base64url'),
    via: input.via,
    createdAt: ctx.now,
    lastSeenAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + SESSION_IDLE_MS),
    maxExpiresAt: new Date(ctx.now.getTime() + SESSION_MAX_MS),
  };
  await insertSession(ctx.tx, { ...session, tokenHash: hashSessionToken(secret) });
  return { session, secret };
}

/** The live session of a cookie value and its user, its expiry slid forward; undefined if none. */
export async function resumeSession(deps: AppDeps, secret: string): Promise<{ session: WebSession; user: User } | undefined> {
  const now = deps.clock.now();
  const found = await findSessionByHash(deps.db, deps.workspaceId, hashSessionToken(secret), now);
  if (!found) return undefined;
  const { session } = found;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    const expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, session.maxExpiresAt.getTime()));
    await touchSession(deps.db, session.id, now, expiresAt);
    return { user: found.user, session: { ...session, lastSeenAt: now, expiresAt } };
  }
  return found;
}

/** Ends the caller's session. */
export async function endSession(ctx: UseCaseContext, input: { sessionId: string }): Promise<void> {
  await deleteSession(ctx.tx, input.sessionId);
}
