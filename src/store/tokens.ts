import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiTokensTable, Database } from './schema.ts';
import { isUuid, toUser, type User } from './users.ts';

/**
 * API tokens: `hks_` + 32 random bytes (base64url). Only the SHA-256 (hex) of a token is stored,
 * with a short prefix to recognise it in lists; the token itself is shown once, at creation.
 * Lookups are by hash, so no constant-time comparison is needed.
 */
export const TOKEN_PREFIX = 'hks_';

/** A new random API token. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The stored form of a token: SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What lists show of a token: `hks_` and the first four random characters. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 4);
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiToken {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: Date;
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Stores a token (its hash); with `ifAbsent`, an existing hash is left alone and undefined returned. */
export async function insertToken(
  db: Kysely<Database>,
  token: NewApiToken,
  options: { ifAbsent?: boolean } = {},
): Promise<ApiToken | undefined> {
  const query = db.insertInto('api_tokens').values({
    id: token.id,
    user_id: token.userId,
    name: token.name,
    token_hash: token.tokenHash,
    prefix: token.prefix,
    created_at: token.createdAt,
  });
  const guarded = options.ifAbsent
    ? query.onConflict((oc) => oc.column('token_hash').doNothing())
    : query;
  const row = await guarded.returningAll().executeTakeFirst();
  return row ? toToken(row) : undefined;
}

/** A token of the workspace by id (revoked ones included). */
export async function findTokenById(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
): Promise<ApiToken | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .where('u.workspace_id', '=', workspaceId)
    .where('t.id', '=', id)
    .executeTakeFirst();
  return row ? toToken(row) : undefined;
}

/** A token by its hash, whoever holds it (revoked ones included). */
export async function findTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toToken(row) : undefined;
}

/** Who a presented token authenticates: only unrevoked tokens of active users of the workspace. */
export async function findAuthentication(
  db: Kysely<Database>,
  workspaceId: string,
  tokenHash: string,
): Promise<{ token: ApiToken; user: User } | undefined> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select([
      't.id as token_id',
      't.name as token_name',
      't.prefix as token_prefix',
      't.created_at as token_created_at',
      't.last_used_at as token_last_used_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.workspace_id', '=', workspaceId)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const token: ApiToken = {
    id: row.token_id,
    userId: row.id,
    name: row.token_name,
    prefix: row.token_prefix,
    createdAt: row.token_created_at,
    lastUsedAt: row.token_last_used_at,
    revokedAt: null,
  };
  return { token, user: toUser(row) };
}

/**
 * Records a use of a token unless one was recorded since `notBefore`. The condition is in the
 * UPDATE so replicas racing on the same token write once.
 */
export async function touchToken(
  db: Kysely<Database>,
  id: string,
  now: Date,
  notBefore: Date,
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
    .execute();
}

/** Marks a token revoked (kept for the record); a revoked token stays revoked at its first time. */
export async function revokeToken(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<ApiToken | undefined> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toToken(row) : undefined;
}

/** Makes a revoked token valid again (the bootstrap token, which the environment declares valid). */
export async function unrevokeToken(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: null })
    .where('id', '=', id)
    .where('revoked_at', 'is not', null)
    .execute();
}

export interface TokenListFilter {
  workspaceId: string;
  userId?: string | undefined;
  /** Keyset cursor: tokens strictly after this (created_at, id) in newest-first order. */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/** One page of tokens, newest first. */
export async function listTokens(
  db: Kysely<Database>,
  filter: TokenListFilter,
): Promise<ApiToken[]> {
  let query = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .where('u.workspace_id', '=', filter.workspaceId);
  if (filter.userId !== undefined) {
    if (!isUuid(filter.userId)) return [];
    query = query.where('t.user_id', '=', filter.userId);
  }
  if (filter.after) {
    const { createdAt, id } = filter.after;
    query = query.where(sql<boolean>`(t.created_at, t.id) < (${createdAt}, ${id}::uuid)`);
  }
  const rows = await query
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toToken);
}
