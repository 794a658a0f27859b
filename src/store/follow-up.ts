import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Incidents in follow-up whose prevention actions are all settled (done or deferred, at least
 * one), with who closes them: the current commander, else whoever declared the incident.
 */
export async function findSettledFollowUps(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<{ id: string; closerId: string | null }[]> {
  const rows = await db
    .selectFrom('incidents as i')
    .select([
      'i.id',
      sql<string | null>`coalesce((SELECT r.user_id::text FROM role_assignments r
        WHERE r.incident_id = i.id AND r.role = 'commander' AND r.ended_at IS NULL LIMIT 1), i.created_by::text)`.as(
        'closer_id',
      ),
    ])
    .where('i.workspace_id', '=', workspaceId)
    .where('i.status', '=', 'follow_up')
    .where((eb) => eb.exists(eb.selectFrom('actions as a').select('a.id').whereRef('a.incident_id', '=', 'i.id')))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('actions as a')
            .select('a.id')
            .whereRef('a.incident_id', '=', 'i.id')
            .where('a.status', 'in', ['open', 'in_progress']),
        ),
      ),
    )
    .orderBy('i.number')
    .execute();
  return rows.map((r) => ({ id: r.id, closerId: r.closer_id }));
}
