import type { ColumnType, Kysely, Selectable } from 'kysely';
import type { ActionStatus } from '../domain/incident.ts';
import type { Database } from './schema.ts';

/** Kysely types and queries of `slack_digests` (migration 016-slack-digests). */

export interface SlackDigestsTable {
  workspace_id: string;
  /** `YYYY-MM-DD` in the digest's time zone. */
  local_date: string;
  locale: string;
  /** The actions the digest listed when it was made, in its order. */
  action_ids: ColumnType<string[], string, string>;
  /** The outbox idempotency key of the digest's `slack.post_message`. */
  post_key: string;
  channel_id: string | null;
  ts: string | null;
  created_at: Date;
  posted_at: Date | null;
  /** Bumped by every refresh before it reads (migration 016). */
  render_seq: ColumnType<number, number | undefined, number>;
}

declare module './schema.ts' {
  interface Database {
    slack_digests: SlackDigestsTable;
  }
}

export type SlackDigestRow = Selectable<SlackDigestsTable>;

/** Records the day's digest when it is made; a second record for the same day keeps the first. */
export async function saveDigest(
  db: Kysely<Database>,
  row: { workspaceId: string; date: string; locale: string; actionIds: readonly string[]; postKey: string; at: Date },
): Promise<void> {
  await db
    .insertInto('slack_digests')
    .values({
      workspace_id: row.workspaceId,
      local_date: row.date,
      locale: row.locale,
      action_ids: JSON.stringify(row.actionIds),
      post_key: row.postKey,
      created_at: row.at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'local_date']).doNothing())
    .execute();
}

/** Records where Slack put the day's digest (its channel id and ts), once it is posted. */
export async function recordDigestMessage(
  db: Kysely<Database>,
  key: { workspaceId: string; date: string },
  message: { channel: string; ts: string; at: Date },
): Promise<void> {
  await db
    .updateTable('slack_digests')
    .set({ channel_id: message.channel, ts: message.ts, posted_at: message.at })
    .where('workspace_id', '=', key.workspaceId)
    .where('local_date', '=', key.date)
    .execute();
}

export async function findDigest(db: Kysely<Database>, workspaceId: string, date: string): Promise<SlackDigestRow | undefined> {
  return db
    .selectFrom('slack_digests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('local_date', '=', date)
    .executeTakeFirst();
}

/** Takes the next render number of the day's digest (before reading what to show). */
export async function takeRenderSeq(db: Kysely<Database>, workspaceId: string, date: string): Promise<number> {
  const row = await db
    .updateTable('slack_digests')
    .set((eb) => ({ render_seq: eb('render_seq', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('local_date', '=', date)
    .returning('render_seq')
    .executeTakeFirst();
  return row?.render_seq ?? 0;
}

/** The last render number taken for the day's digest. */
export async function lastRenderSeq(db: Kysely<Database>, workspaceId: string, date: string): Promise<number> {
  const row = await db.selectFrom('slack_digests').select('render_seq').where('workspace_id', '=', workspaceId).where('local_date', '=', date).executeTakeFirst();
  return row?.render_seq ?? 0;
}

/** Whether a digest was made for that day (posted or still on its way). */
export async function hasDigest(db: Kysely<Database>, workspaceId: string, date: string): Promise<boolean> {
  const row = await db
    .selectFrom('slack_digests')
    .select('local_date')
    .where('workspace_id', '=', workspaceId)
    .where('local_date', '=', date)
    .executeTakeFirst();
  return row !== undefined;
}

/** A settled action as the refreshed digest shows it. */
export interface SettledDigestRow {
  id: string;
  title: string;
  status: ActionStatus;
  reason: string | null;
  incident_number: number;
  owner_name: string;
}

/** Those of `ids` now done or deferred, in public incidents (the digest's channel is open to all). */
export async function findSettledActions(db: Kysely<Database>, workspaceId: string, ids: readonly string[]): Promise<SettledDigestRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('actions as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .select(['a.id', 'a.title', 'a.status', 'a.reason', 'i.number as incident_number', 'u.name as owner_name'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.id', 'in', [...ids])
    .where('a.status', 'in', ['done', 'deferred'])
    .where('i.is_private', '=', false)
    .execute();
  const order = new Map(ids.map((id, index) => [id, index]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** Where the digest's post stands in the outbox: still to deliver, delivered, or given up on (or gone). */
export async function digestPostState(db: Kysely<Database>, postKey: string): Promise<'pending' | 'done' | 'gone'> {
  const row = await db.selectFrom('outbox').select('status').where('idempotency_key', '=', postKey).executeTakeFirst();
  if (row?.status === 'pending') return 'pending';
  return row?.status === 'done' ? 'done' : 'gone';
}
