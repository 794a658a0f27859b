import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Kysely types and queries of `slack_home_opens` (migration 012-slack-gaps). */

export interface SlackHomeOpensTable {
  workspace_id: string;
  slack_user_id: string;
  opened_at: Date;
  published_at: Date | null;
}

declare module './schema.ts' {
  interface Database {
    slack_home_opens: SlackHomeOpensTable;
  }
}

/** Records that a Slack user opened the App Home (and was just shown it). */
export async function recordHomeOpen(db: Kysely<Database>, row: { workspace_id: string; slack_user_id: string; opened_at: Date }): Promise<void> {
  await db
    .insertInto('slack_home_opens')
    .values({ ...row, published_at: row.opened_at })
    .onConflict((oc) => oc.columns(['workspace_id', 'slack_user_id']).doUpdateSet({ opened_at: row.opened_at, published_at: row.opened_at }))
    .execute();
}

/** Slack users who opened the App Home since `since` and were not shown it since `notPublishedSince`. */
export async function homeViewersToRefresh(
  db: Kysely<Database>,
  workspaceId: string,
  filter: { since: Date; notPublishedSince: Date; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectFrom('slack_home_opens')
    .select('slack_user_id')
    .where('workspace_id', '=', workspaceId)
    .where('opened_at', '>=', filter.since)
    .where((eb) => eb.or([eb('published_at', 'is', null), eb('published_at', '<', filter.notPublishedSince)]))
    .orderBy('opened_at', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => r.slack_user_id);
}

/** Notes that the App Home was published for this user at `at`. */
export async function markHomePublished(db: Kysely<Database>, workspaceId: string, slackUserId: string, at: Date): Promise<void> {
  await db
    .updateTable('slack_home_opens')
    .set({ published_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('slack_user_id', '=', slackUserId)
    .execute();
}
