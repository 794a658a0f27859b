import { sql, type Kysely } from 'kysely';
import type { WorkspaceRole } from '../domain/actor.ts';
import type { Locale } from '../domain/playbook.ts';
import type { Database, UserRow } from './schema.ts';

/** A user of a workspace, as the use cases see it. */
export interface User {
  id: string;
  workspaceId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  slackUserId: string | null;
  locale: Locale | null;
  isActive: boolean;
  createdAt: Date;
}

export interface NewUser {
  id: string;
  workspaceId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  slackUserId: string | null;
  locale: Locale | null;
  createdAt: Date;
}

/** The fields an update may change; absent fields stay as they are. */
export interface UserChanges {
  name?: string | undefined;
  role?: WorkspaceRole | undefined;
  slackUserId?: string | null | undefined;
  locale?: Locale | null | undefined;
  isActive?: boolean | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text can be a uuid column value (anything else names no row: skip the query). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Maps a users row to a `User`. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    email: row.email,
    role: row.role,
    slackUserId: row.slack_user_id,
    locale: row.locale,
    isActive: row.is_active,
    createdAt: row.created_at,
  };
}

/** A user of the workspace by id; undefined when there is none. */
export async function findUserById(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
): Promise<User | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** A user of the workspace by (normalised, lower-case) email. */
export async function findUserByEmail(
  db: Kysely<Database>,
  workspaceId: string,
  email: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** A user of the workspace by Slack user id. */
export async function findUserBySlackId(
  db: Kysely<Database>,
  workspaceId: string,
  slackUserId: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('slack_user_id', '=', slackUserId)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Inserts a user; with `ifAbsent`, an existing email is left alone and undefined returned. */
export async function insertUser(
  db: Kysely<Database>,
  user: NewUser,
  options: { ifAbsent?: boolean } = {},
): Promise<User | undefined> {
  const query = db.insertInto('users').values({
    id: user.id,
    workspace_id: user.workspaceId,
    name: user.name,
    email: user.email,
    role: user.role,
    slack_user_id: user.slackUserId,
    locale: user.locale,
    created_at: user.createdAt,
  });
  const guarded = options.ifAbsent
    ? query.onConflict((oc) => oc.columns(['workspace_id', 'email']).doNothing())
    : query;
  const row = await guarded.returningAll().executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Applies changes to a user; returns the updated user, undefined when there is none. */
export async function updateUser(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
  changes: UserChanges,
): Promise<User | undefined> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.role !== undefined && { role: changes.role }),
    ...(changes.slackUserId !== undefined && { slack_user_id: changes.slackUserId }),
    ...(changes.locale !== undefined && { locale: changes.locale }),
    ...(changes.isActive !== undefined && { is_active: changes.isActive }),
  };
  if (Object.keys(set).length === 0) return findUserById(db, workspaceId, id);
  if (!isUuid(id)) return undefined;
  const row = await db
    .updateTable('users')
    .set(set)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export interface UserListFilter {
  workspaceId: string;
  role?: WorkspaceRole | undefined;
  isActive?: boolean | undefined;
  /** Keyset cursor: users strictly after this (name, id). */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

/** One page of users, by name then id. */
export async function listUsers(db: Kysely<Database>, filter: UserListFilter): Promise<User[]> {
  let query = db.selectFrom('users').selectAll().where('workspace_id', '=', filter.workspaceId);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.isActive !== undefined) query = query.where('is_active', '=', filter.isActive);
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where(sql<boolean>`(name, id) > (${name}, ${id}::uuid)`);
  }
  const rows = await query.orderBy('name').orderBy('id').limit(filter.limit).execute();
  return rows.map(toUser);
}
