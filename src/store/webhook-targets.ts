import type { Kysely, Selectable } from 'kysely';
import type { WebhookTargetsTable } from './learning-schema.ts';
import type { Database } from './schema.ts';
import './learning-schema.ts';

/** Outbound webhook targets added through the admin API (the playbook's come from the file). */

export type WebhookTargetRow = Selectable<WebhookTargetsTable>;

export async function insertWebhookTarget(
  tx: Kysely<Database>,
  target: { id: string; workspaceId: string; name: string; url: string; events: string[]; secretEnv: string; by: string | null; at: Date },
): Promise<void> {
  await tx
    .insertInto('webhook_targets')
    .values({
      id: target.id,
      workspace_id: target.workspaceId,
      name: target.name,
      url: target.url,
      events: JSON.stringify(target.events),
      secret_env: target.secretEnv,
      created_by: target.by,
      created_at: target.at,
      deleted_at: null,
    })
    .execute();
}

/** The targets in use (not deleted), oldest first. */
export async function listWebhookTargets(db: Kysely<Database>, workspaceId: string): Promise<WebhookTargetRow[]> {
  return db
    .selectFrom('webhook_targets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Marks a target deleted; false when there was none in use with that id. */
export async function deleteWebhookTarget(tx: Kysely<Database>, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('webhook_targets')
    .set({ deleted_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
