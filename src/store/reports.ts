import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, ImprovementTicketsTable, ReportRow, ReportsTable } from './schema.ts';
import { isUuid } from './users.ts';

export type ImprovementTicketRow = Selectable<ImprovementTicketsTable>;

/**
 * Takes the next report number of a workspace. As for incidents, the row lock taken by the UPDATE
 * serialises concurrent reports and a rolled-back report gives its number back: no gaps.
 */
export async function allocateReportNumber(
  tx: Kysely<Database>,
  workspaceId: string,
): Promise<number> {
  const row = await tx
    .updateTable('workspaces')
    .set({ next_report_number: sql`next_report_number + 1` })
    .where('id', '=', workspaceId)
    .returning(sql<number>`next_report_number - 1`.as('number'))
    .executeTakeFirstOrThrow();
  return row.number;
}

export async function insertReport(
  tx: Kysely<Database>,
  row: Insertable<ReportsTable>,
): Promise<void> {
  await tx.insertInto('reports').values(row).execute();
}

/** Loads a report; `forUpdate` locks it so concurrent outcomes queue up behind this one. */
export async function findReport(
  tx: Kysely<Database>,
  workspaceId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReportRow | undefined> {
  if (!isUuid(id)) return undefined;
  let query = tx
    .selectFrom('reports')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * Compare-and-set: changes the report only while it still has the status the caller checked.
 * Returns false when someone else moved it first (the caller answers with a conflict).
 */
export async function updateReportIfStatus(
  tx: Kysely<Database>,
  id: string,
  expectedStatus: string,
  patch: Updateable<ReportsTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable('reports')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface ReportListFilter {
  workspaceId: string;
  /** Caller's user id; null means "sees everything" (admins). */
  visibleTo: string | null;
  statuses?: readonly string[] | undefined;
  sources?: readonly string[] | undefined;
  /** Keyset cursor: rows strictly after this (reported_at, id) in newest-first order. */
  after?: { reportedAt: Date; id: string } | undefined;
  limit: number;
}

/**
 * One page of reports, newest first, by keyset pagination on (reported_at, id). Private reports
 * only for their creator and assignee (or admins).
 */
export async function listReports(
  db: Kysely<Database>,
  filter: ReportListFilter,
): Promise<ReportRow[]> {
  let query = db
    .selectFrom('reports as r')
    .selectAll('r')
    .where('r.workspace_id', '=', filter.workspaceId);
  if (filter.visibleTo !== null) {
    const userId = filter.visibleTo;
    query = query.where((eb) =>
      eb.or([
        eb('r.is_private', '=', false),
        eb('r.created_by', '=', userId),
        eb('r.assignee_id', '=', userId),
      ]),
    );
  }
  if (filter.statuses?.length) query = query.where('r.status', 'in', [...filter.statuses]);
  if (filter.sources?.length)
    query = query.where('r.source', 'in', [...filter.sources] as ReportRow['source'][]);
  if (filter.after) {
    const { reportedAt, id } = filter.after;
    query = query.where(sql<boolean>`(r.reported_at, r.id) < (${reportedAt}, ${id}::uuid)`);
  }
  return query
    .orderBy('r.reported_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function insertImprovementTicket(
  tx: Kysely<Database>,
  row: Insertable<ImprovementTicketsTable>,
): Promise<void> {
  await tx.insertInto('improvement_tickets').values(row).execute();
}

export interface ImprovementTicketListFilter {
  workspaceId: string;
  /** Caller's user id; null means "sees everything" (admins). Follows the report's visibility. */
  visibleTo: string | null;
  /** Keyset cursor: rows strictly after this (created_at, id) in newest-first order. */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

export type ImprovementTicketListRow = ImprovementTicketRow & { report_number: number };

/** One page of improvement tickets (from dismissed reports), newest first. */
export async function listImprovementTickets(
  db: Kysely<Database>,
  filter: ImprovementTicketListFilter,
): Promise<ImprovementTicketListRow[]> {
  let query = db
    .selectFrom('improvement_tickets as t')
    .innerJoin('reports as r', 'r.id', 't.report_id')
    .selectAll('t')
    .select('r.number as report_number')
    .where('t.workspace_id', '=', filter.workspaceId);
  if (filter.visibleTo !== null) {
    const userId = filter.visibleTo;
    query = query.where((eb) =>
      eb.or([
        eb('r.is_private', '=', false),
        eb('r.created_by', '=', userId),
        eb('r.assignee_id', '=', userId),
      ]),
    );
  }
  if (filter.after) {
    const { createdAt, id } = filter.after;
    query = query.where(sql<boolean>`(t.created_at, t.id) < (${createdAt}, ${id}::uuid)`);
  }
  return query
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(filter.limit)
    .execute();
}
