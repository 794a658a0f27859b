import {
  sql,
  type Expression,
  type Kysely,
  type Selectable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { ActionsTable, Database } from './schema.ts';
import { incidentVisibleTo } from './incident-visibility.ts';

/** Prevention actions: the follow-up of a postmortem, each with an owner and a due date. */

export type ActionRow = Selectable<ActionsTable>;

/** An action with what lists and boards show next to it: its incident and its owner. */
export interface ActionListRow extends ActionRow {
  incident_number: number;
  incident_title: string;
  owner_name: string;
  /** 0 when overdue on the list's "today", else 1: overdue actions sort first. */
  overdue_rank: number;
}

/** Keyset position in the board order (overdue first, then due date, then id). */
export interface ActionCursor {
  overdueRank: number;
  dueDate: string;
  id: string;
}

export interface ActionListFilter {
  workspaceId: string;
  /** Caller's user id; null means "sees everything" (admins). */
  visibleTo: string | null;
  /** Leave private incidents out whoever asks (what is posted to a shared channel). */
  publicOnly?: boolean | undefined;
  /** `YYYY-MM-DD` in the workspace's timezone: what "overdue" is measured against. */
  today: string;
  statuses?: readonly string[] | undefined;
  ownerId?: string | undefined;
  incidentId?: string | undefined;
  /** true: only overdue; false: only not overdue. */
  overdue?: boolean | undefined;
  after?: ActionCursor | undefined;
  limit: number;
}

export async function insertAction(tx: Kysely<Database>, row: ActionRow): Promise<void> {
  await tx.insertInto('actions').values(row).execute();
}

/** One action of the workspace; `forUpdate` locks it for a change. */
export async function findAction(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ActionRow | undefined> {
  let query = db
    .selectFrom('actions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Writes a change if the action still has `expectedStatus`; false when it changed meanwhile. */
export async function saveActionChange(
  tx: Kysely<Database>,
  id: string,
  expectedStatus: ActionRow['status'],
  patch: Updateable<ActionsTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable('actions')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** "0 when overdue on `today`, else 1": overdue actions sort first. */
function overdueRankOf(today: string) {
  return sql<number>`(CASE WHEN a.status IN ('open', 'in_progress') AND a.due_date < ${today}::date THEN 0 ELSE 1 END)`;
}

/** Actions joined with their incident and owner; `a`, `i` and `u` are the aliases. */
function actionRows(db: Kysely<Database>, workspaceId: string, today: string) {
  return db
    .selectFrom('actions as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .selectAll('a')
    .select([
      'i.number as incident_number',
      'i.title as incident_title',
      'u.name as owner_name',
      overdueRankOf(today).as('overdue_rank'),
    ])
    .where('a.workspace_id', '=', workspaceId);
}

/** One action with its incident and owner (no visibility check: the caller has done it). */
export async function findActionListRow(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
  today: string,
): Promise<ActionListRow | undefined> {
  return actionRows(db, workspaceId, today).where('a.id', '=', id).executeTakeFirst();
}

/**
 * One page of actions in board order: overdue first, then by due date. Keyset pagination on
 * (overdue rank, due date, id). Actions of private incidents only for members (or admins).
 */
export async function listActions(
  db: Kysely<Database>,
  filter: ActionListFilter,
): Promise<ActionListRow[]> {
  const overdueRank = overdueRankOf(filter.today);
  let query = actionRows(db, filter.workspaceId, filter.today);
  if (filter.visibleTo !== null) {
    query = query.where(incidentVisibleTo(filter.visibleTo));
  }
  if (filter.publicOnly) query = query.where('i.is_private', '=', false);
  if (filter.statuses?.length)
    query = query.where('a.status', 'in', [...filter.statuses] as ActionRow['status'][]);
  if (filter.ownerId !== undefined) query = query.where('a.owner_id', '=', filter.ownerId);
  if (filter.incidentId !== undefined) query = query.where('a.incident_id', '=', filter.incidentId);
  if (filter.overdue !== undefined) query = query.where(overdueRank, '=', filter.overdue ? 0 : 1);
  if (filter.after) {
    const { overdueRank: rank, dueDate, id } = filter.after;
    const after: Expression<SqlBool> = sql<SqlBool>`(${overdueRank}, a.due_date, a.id) > (${rank}, ${dueDate}::date, ${id}::uuid)`;
    query = query.where(after);
  }
  return query
    .orderBy(overdueRank)
    .orderBy('a.due_date')
    .orderBy('a.id')
    .limit(filter.limit)
    .execute();
}

/** How many actions of an incident are still open or in progress. */
export async function countOpenActions(db: Kysely<Database>, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('incident_id', '=', incidentId)
    .where('status', 'in', ['open', 'in_progress'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
