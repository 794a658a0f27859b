import { sql, type Kysely } from 'kysely';

/**
 * NOTIFY `hikeshi_auth` when what an alert source admits can change — its secret, signing secret,
 * kind, name or workspace, or its deletion — so every process drops its cache of sources
 * (`alertSourceCache`, src/adapters/alerts/webhook.routes.ts), as migration 009 does for tokens.
 * The counters a delivery or a refusal updates (accepted, rejected, last received) do not notify.
 */
const statement = `CREATE TRIGGER alert_sources_auth_notify
  AFTER UPDATE OF workspace_id, kind, name, secret_hash, signing_secret, deleted_at OR DELETE ON alert_sources
  FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_auth')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS alert_sources_auth_notify ON alert_sources').execute(db);
}
