import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Ends the current holder's term of a role (history stays for rotation and metrics). */
export async function endRole(
  tx: Kysely<Database>,
  incidentId: string,
  role: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('role_assignments')
    .set({ ended_at: now })
    .where('incident_id', '=', incidentId)
    .where('role', '=', role)
    .where('ended_at', 'is', null)
    .execute();
}

export async function startRole(
  tx: Kysely<Database>,
  assignment: {
    id: string;
    incidentId: string;
    role: string;
    userId: string;
    by: string;
    at: Date;
  },
): Promise<void> {
  await tx
    .insertInto('role_assignments')
    .values({
      id: assignment.id,
      incident_id: assignment.incidentId,
      role: assignment.role,
      user_id: assignment.userId,
      assigned_by: assignment.by,
      assigned_at: assignment.at,
    })
    .execute();
}

/** When each of the given people last took a role (null if never). */
export async function lastServed(
  db: Kysely<Database>,
  role: string,
  userIds: readonly string[],
): Promise<Map<string, Date | null>> {
  const result = new Map<string, Date | null>(userIds.map((id) => [id, null]));
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('role_assignments')
    .select(['user_id', (eb) => eb.fn.max('assigned_at').as('last')])
    .where('role', '=', role)
    .where('user_id', 'in', [...userIds])
    .groupBy('user_id')
    .execute();
  for (const row of rows) result.set(row.user_id, row.last);
  return result;
}
