import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './jobs-schema.ts';

/** A side effect of an incident given up on (its `outbox.failed` entry is on the timeline too). */
export interface DeliveryFailure {
  topic: string;
  error: string;
  at: Date;
}

/**
 * The incident's side effects that failed for good and were not made good since by a later row of
 * the same topic: what the incident page warns about (e.g. "the Slack channel could not be made").
 */
export async function unresolvedDeliveryFailures(db: Kysely<Database>, incidentId: string): Promise<DeliveryFailure[]> {
  const rows = await db
    .selectFrom('outbox as f')
    .select(['f.topic', 'f.last_error', 'f.created_at'])
    .where('f.incident_id', '=', incidentId)
    .where('f.status', '=', 'failed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox as d')
            .select(sql<number>`1`.as('one'))
            .whereRef('d.incident_id', '=', 'f.incident_id')
            .whereRef('d.topic', '=', 'f.topic')
            .where('d.status', '=', 'done')
            .whereRef('d.seq', '>', 'f.seq'),
        ),
      ),
    )
    .orderBy('f.seq')
    .limit(20)
    .execute();
  return rows.map((r) => ({ topic: r.topic, error: r.last_error ?? '', at: r.created_at }));
}
