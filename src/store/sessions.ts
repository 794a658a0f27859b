import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { isUuid, toUser, type User } from './users.ts';
import type { WebSessionsTable } from './web-schema.ts';
import './web-schema.ts';

/** Passwords, web sessions and failed sign-in counters (migration 008-web). */

export interface StoredPassword {
  hash: string;
  salt: string;
  params: string;
}

/** The stored password of a user, if they have one. */
export async function findPassword(db: Kysely<Database>, userId: string): Promise<StoredPassword | undefined> {
  if (!isUuid(userId)) return undefined;
  return db.selectFrom('user_passwords').select(['hash', 'salt', 'params']).where('user_id', '=', userId).executeTakeFirst();
}

/** Sets (or replaces) a user's password. */
export async function upsertPassword(db: Kysely<Database>, userId: string, password: StoredPassword, at: Date): Promise<void> {
  await db
    .insertInto('user_passwords')
    .values({ user_id: userId, ...password, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...password, updated_at: at }))
    .execute();
}

export type SessionVia = WebSessionsTable['via'];

export interface WebSession {
  id: string;
  userId: string;
  csrfToken: string;
  via: SessionVia;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  maxExpiresAt: Date;
}

export interface NewWebSession extends WebSession {
  tokenHash: string;
}

/** Stores a new session (its token's hash). */
export async function insertSession(db: Kysely<Database>, session: NewWebSession): Promise<void> {
  await db
    .insertInto('web_sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      token_hash: session.tokenHash,
      csrf_token: session.csrfToken,
      via: session.via,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
      max_expires_at: session.maxExpiresAt,
    })
    .execute();
}

/** The unexpired session with this token hash and its (active) user. */
export async function findSessionByHash(
  db: Kysely<Database>,
  workspaceId: string,
  tokenHash: string,
  now: Date,
): Promise<{ session: WebSession; user: User } | undefined> {
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.via',
      's.created_at as session_created_at',
      's.last_seen_at',
      's.expires_at',
      's.max_expires_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.workspace_id', '=', workspaceId)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const session: WebSession = {
    id: row.session_id,
    userId: row.id,
    csrfToken: row.csrf_token,
    via: row.via,
    createdAt: row.session_created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    maxExpiresAt: row.max_expires_at,
  };
  return { session, user: toUser(row) };
}

/** Slides a session's expiry forward (the caller caps it at `max_expires_at`). */
export async function touchSession(db: Kysely<Database>, id: string, seenAt: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('web_sessions').set({ last_seen_at: seenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Ends one session. */
export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id', '=', id).execute();
}

/** Ends every session of a user, except `keepId` (e.g. after a password change). */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string, keepId?: string): Promise<number> {
  let query = db.deleteFrom('web_sessions').where('user_id', '=', userId);
  if (keepId !== undefined) query = query.where('id', '<>', keepId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes sessions that expired before `now` (housekeeping at sign-in). */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('web_sessions').where('expires_at', '<=', now).execute();
}

/** The failure count of a key in its current window (0 when the window is over or none). */
export async function readFailures(db: Kysely<Database>, key: string, windowStartAfter: Date): Promise<{ failures: number; windowStart: Date } | undefined> {
  const row = await db
    .selectFrom('login_attempts')
    .select(['failures', 'window_start'])
    .where('key', '=', key)
    .where('window_start', '>', windowStartAfter)
    .executeTakeFirst();
  return row ? { failures: row.failures, windowStart: row.window_start } : undefined;
}

/** Counts one failure for a key: a new window when the old one ended before `windowStartAfter`. */
export async function addFailure(db: Kysely<Database>, key: string, now: Date, windowStartAfter: Date): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ key, window_start: now, failures: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('login_attempts.window_start', '>', windowStartAfter)
          .then(eb('login_attempts.failures', '+', 1))
          .else(1)
          .end(),
        window_start: eb
          .case()
          .when('login_attempts.window_start', '>', windowStartAfter)
          .then(eb.ref('login_attempts.window_start'))
          .else(now)
          .end(),
      })),
    )
    .execute();
}

/** Forgets a key's failures (after a successful sign-in of that account). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
