import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Kysely types and queries of migration 012-slack-gaps (posts recorded before they are made). */

export interface SlackPostAttemptsTable {
  workspace_id: string;
  purpose: string;
  channel_id: string;
  first_tried_at: Date;
}

declare module './schema.ts' {
  interface Database {
    slack_post_attempts: SlackPostAttemptsTable;
  }
}

export type SlackPostAttemptRow = SlackPostAttemptsTable;

/** The recorded attempt to post a message for this purpose, if any. */
export async function findPostAttempt(
  db: Kysely<Database>,
  workspaceId: string,
  purpose: string,
): Promise<SlackPostAttemptRow | undefined> {
  return db
    .selectFrom('slack_post_attempts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/**
 * Records that hikeshi is about to post a message for this purpose in this channel. The first try's
 * time is kept (it bounds the history lookup of later tries); a new channel replaces the old one.
 */
export async function recordPostAttempt(db: Kysely<Database>, row: SlackPostAttemptRow): Promise<void> {
  await db
    .insertInto('slack_post_attempts')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'purpose']).doUpdateSet({ channel_id: row.channel_id }))
    .execute();
}

/** Forgets the attempt once its message is saved (the ts is the truth from then on). */
export async function clearPostAttempt(db: Kysely<Database>, workspaceId: string, purpose: string): Promise<void> {
  await db.deleteFrom('slack_post_attempts').where('workspace_id', '=', workspaceId).where('purpose', '=', purpose).execute();
}
