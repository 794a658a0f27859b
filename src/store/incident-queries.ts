import type { Kysely } from 'kysely';
import type { Database, IncidentRow } from './schema.ts';

export interface IncidentListFilter {
  workspaceId: string;
  /** Caller's user id; null means "sees everything" (admins). */
  visibleTo: string | null;
  statuses?: string[] | undefined;
  severities?: string[] | undefined;
  q?: string | undefined;
  /** Keyset cursor: incidents numbered below this one (newest first). */
  beforeNumber?: number | undefined;
  limit: number;
}

/**
 * One page of incidents, newest first, by keyset pagination on the number so a page costs
 * the same at 100k incidents as at 1k. Private incidents only for members (or admins).
 */
export async function listIncidents(
  db: Kysely<Database>,
  filter: IncidentListFilter,
): Promise<IncidentRow[]> {
  let query = db
    .selectFrom('incidents as i')
    .selectAll('i')
    .where('i.workspace_id', '=', filter.workspaceId);
  if (filter.visibleTo !== null) {
    // A join on the caller's own membership row reads one index entry per incident, where
    // `EXISTS` over all of the caller's memberships grew with them (see docs/benchmarks.md).
    const userId = filter.visibleTo;
    query = query
      .leftJoin('incident_members as m', (join) =>
        join.onRef('m.incident_id', '=', 'i.id').on('m.user_id', '=', userId),
      )
      .where((eb) => eb.or([eb('i.is_private', '=', false), eb('m.user_id', 'is not', null)]));
  }
  if (filter.statuses?.length) query = query.where('i.status', 'in', filter.statuses);
  if (filter.severities?.length) query = query.where('i.severity', 'in', filter.severities);
  if (filter.q) query = query.where('i.title', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.beforeNumber !== undefined) query = query.where('i.number', '<', filter.beforeNumber);
  return query.orderBy('i.number', 'desc').limit(filter.limit).execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface RoleHolder {
  role: string;
  userId: string;
  name: string;
  email: string;
  slackUserId: string | null;
  assignedAt: Date;
}

/** Current role holders of several incidents at once (for lists and details). */
export async function roleHolders(
  db: Kysely<Database>,
  incidentIds: readonly string[],
): Promise<Map<string, RoleHolder[]>> {
  const result = new Map<string, RoleHolder[]>();
  if (incidentIds.length === 0) return result;
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.incident_id',
      'r.role',
      'r.user_id',
      'u.name',
      'u.email',
      'u.slack_user_id',
      'r.assigned_at',
    ])
    .where('r.incident_id', 'in', [...incidentIds])
    .where('r.ended_at', 'is', null)
    .execute();
  for (const r of rows) {
    const list = result.get(r.incident_id) ?? [];
    list.push({
      role: r.role,
      userId: r.user_id,
      name: r.name,
      email: r.email,
      slackUserId: r.slack_user_id,
      assignedAt: r.assigned_at,
    });
    result.set(r.incident_id, list);
  }
  return result;
}

export async function listReleases(db: Kysely<Database>, incidentId: string) {
  return db
    .selectFrom('releases')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('recorded_at')
    .execute();
}

/** The incident's options and decisions, oldest first, each with its author's name (who proposed or decided). */
export async function listDecisions(db: Kysely<Database>, incidentId: string) {
  const rows = await db
    .selectFrom('decisions')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .execute();
  // Names in a second query: a join could change the order of entries of the same instant.
  const authorIds = [...new Set(rows.flatMap((r) => (r.author_id ? [r.author_id] : [])))];
  const names = new Map<string, string>();
  if (authorIds.length > 0) {
    const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', authorIds).execute();
    for (const user of users) names.set(user.id, user.name);
  }
  return rows.map((r) => ({ ...r, author_name: r.author_id ? (names.get(r.author_id) ?? null) : null }));
}
