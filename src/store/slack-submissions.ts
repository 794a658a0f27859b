import type { ColumnType, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** What a submission made. */
export type SubmissionKind = 'incident' | 'report' | 'note' | 'action';

/** Kysely types of migration 005-slack-inbound, merged into `Database` by module augmentation. */
export interface SlackSubmissionsTable {
  workspace_id: string;
  /** Derived from the Slack request, e.g. `view:<view id>:<hash>` or `function:<execution id>`. */
  key: string;
  kind: SubmissionKind;
  /** The incident or report made (for a timeline note, its incident); null until the transaction that claimed the key sets it. */
  result_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Date;
}

declare module './schema.ts' {
  interface Database {
    slack_submissions: SlackSubmissionsTable;
  }
}

/**
 * Claims a submission key in the caller's transaction. Returns null when this call claimed it;
 * otherwise what the first claim recorded (its result id; a concurrent claim waits for the first
 * transaction to end, so it sees the committed result).
 */
export async function claimSubmission(
  tx: Kysely<Database>,
  row: { workspaceId: string; key: string; kind: SubmissionKind; at: Date },
): Promise<{ resultId: string | null } | null> {
  const inserted = await tx
    .insertInto('slack_submissions')
    .values({ workspace_id: row.workspaceId, key: row.key, kind: row.kind, created_at: row.at })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return null;
  const existing = await tx
    .selectFrom('slack_submissions')
    .select('result_id')
    .where('workspace_id', '=', row.workspaceId)
    .where('key', '=', row.key)
    .executeTakeFirst();
  return { resultId: existing?.result_id ?? null };
}

/** Records what a claimed submission made. */
export async function recordSubmissionResult(
  tx: Kysely<Database>,
  workspaceId: string,
  key: string,
  resultId: string,
): Promise<void> {
  await tx
    .updateTable('slack_submissions')
    .set({ result_id: resultId })
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .execute();
}
