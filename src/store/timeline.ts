import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The channel on which committed changes are announced to live-update listeners. */
export const EVENTS_CHANNEL = 'hikeshi_events';

export interface TimelineEntry {
  id: string;
  workspaceId: string;
  incidentId?: string | null;
  reportId?: string | null;
  type: string;
  actorId: string | null;
  occurredAt: Date;
  data?: Record<string, unknown>;
}

/** What listeners hear after commit: enough to decide who may see it and what to refetch. */
export interface ChangeNotice {
  type: string;
  incidentId: string | null;
  reportId: string | null;
  eventId: string;
}

/**
 * Appends to the append-only timeline. A trigger announces it on EVENTS_CHANNEL (pg_notify), which
 * PostgreSQL delivers only if the transaction commits.
 */
export async function appendTimeline(tx: Kysely<Database>, entry: TimelineEntry): Promise<void> {
  await tx
    .insertInto('timeline_events')
    .values({
      id: entry.id,
      workspace_id: entry.workspaceId,
      incident_id: entry.incidentId ?? null,
      report_id: entry.reportId ?? null,
      type: entry.type,
      actor_id: entry.actorId,
      occurred_at: entry.occurredAt,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}

export interface TimelinePage {
  items: {
    seq: number;
    id: string;
    type: string;
    actorId: string | null;
    occurredAt: Date;
    recordedAt: Date;
    data: Record<string, unknown>;
  }[];
  nextCursor: number | null;
}

/** One page of an incident's (or report's) timeline, oldest first, after sequence `after`. */
export async function listTimeline(
  db: Kysely<Database>,
  subject: { incidentId: string } | { reportId: string },
  options: { after: number; limit: number; types?: string[] | undefined },
): Promise<TimelinePage> {
  let query = db
    .selectFrom('timeline_events')
    .select(['seq', 'id', 'type', 'actor_id', 'occurred_at', 'recorded_at', 'data'])
    .where('seq', '>', options.after)
    .orderBy('seq')
    .limit(options.limit + 1);
  query =
    'incidentId' in subject
      ? query.where('incident_id', '=', subject.incidentId)
      : query.where('report_id', '=', subject.reportId);
  if (options.types && options.types.length > 0) query = query.where('type', 'in', options.types);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      seq: r.seq,
      id: r.id,
      type: r.type,
      actorId: r.actor_id,
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at,
      data: r.data,
    })),
    nextCursor: rows.length > options.limit && last ? last.seq : null,
  };
}
