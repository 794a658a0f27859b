import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/actor.ts';
import type { Store } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import { EVENTS_CHANNEL, type ChangeNotice } from '../../store/timeline.ts';

type Listener = (notice: ChangeNotice) => void;

/**
 * Fans committed changes out to live-update subscribers. One LISTEN per process; every process
 * hears every change through PostgreSQL NOTIFY, so any replica can serve any subscriber.
 */
export class EventHub {
  /** Each listener with what ends its stream when the hub stops (server shutdown). */
  private readonly listeners = new Map<Listener, () => void>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly store: Store) {}

  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.store.listen(EVENTS_CHANNEL, (payload) => this.dispatch(payload));
  }

  subscribe(listener: Listener, onStop: () => void = () => undefined): () => void {
    this.listeners.set(listener, onStop);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = null;
    for (const onStop of this.listeners.values()) onStop();
    this.listeners.clear();
    if (unlisten) await unlisten();
  }

  private dispatch(payload: string): void {
    const notice = parseNotice(payload);
    if (!notice) return;
    for (const listener of this.listeners.keys()) listener(notice);
  }
}

function parseNotice(payload: string): ChangeNotice | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null || !('type' in value) || typeof value.type !== 'string') return null;
    return value as ChangeNotice;
  } catch {
    return null;
  }
}

/** Whether the actor may see a change: private incidents and reports only for their people. */
export async function canSeeNotice(db: Kysely<Database>, actor: Actor, notice: ChangeNotice): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (notice.incidentId) {
    const incident = await db.selectFrom('incidents').select('is_private').where('id', '=', notice.incidentId).executeTakeFirst();
    if (!incident) return false;
    if (!incident.is_private) return true;
    const member = await db
      .selectFrom('incident_members')
      .select('user_id')
      .where('incident_id', '=', notice.incidentId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return member !== undefined;
  }
  if (notice.reportId) {
    const report = await db
      .selectFrom('reports')
      .select(['is_private', 'created_by', 'assignee_id'])
      .where('id', '=', notice.reportId)
      .executeTakeFirst();
    if (!report) return false;
    return !report.is_private || report.created_by === actor.userId || report.assignee_id === actor.userId;
  }
  return true;
}
