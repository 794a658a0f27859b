import { sql, type Kysely } from 'kysely';

/**
 * NOTIFY `hikeshi_auth` when what a token authenticates can change (a token revoked or deleted;
 * a user's role, activity, workspace, name or locale changed, or the user deleted), so every
 * process drops its cache of authentications (src/adapters/http/auth-cache.ts). Statement level:
 * one notification per change, whatever the number of rows. `last_used_at` updates, which happen
 * on every use, do not notify. Reuses hikeshi_notify_work(channel) from 002-jobs.
 */
const statements = [
  `CREATE TRIGGER api_tokens_auth_notify AFTER UPDATE OF revoked_at, user_id, token_hash OR DELETE ON api_tokens
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_auth')`,
  `CREATE TRIGGER users_auth_notify AFTER UPDATE OF role, is_active, workspace_id, name, email, locale, slack_user_id OR DELETE ON users
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_auth')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS users_auth_notify ON users').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS api_tokens_auth_notify ON api_tokens').execute(db);
}
