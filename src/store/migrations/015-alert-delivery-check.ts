import { sql, type Kysely } from 'kysely';

/**
 * An alert delivery's writes are one statement run on its own, without BEGIN/COMMIT, when that is
 * all it writes (docs/alerts.md, "Concurrency"). Its compare-and-set conditions must then fail the
 * statement itself, so that nothing of it commits: the statement ends by calling this function,
 * which raises SQLSTATE HK409 (detail: what was expected and what was written) when they did not
 * all hold. The caller retries the delivery from a fresh read.
 */
const statements = [
  `CREATE FUNCTION alert_delivery_holds(holds boolean, detail text) RETURNS boolean LANGUAGE plpgsql AS $$
   BEGIN
     IF holds IS NOT TRUE THEN
       RAISE EXCEPTION 'alert delivery raced another one' USING ERRCODE = 'HK409', DETAIL = detail;
     END IF;
     RETURN true;
   END $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP FUNCTION IF EXISTS alert_delivery_holds(boolean, text)').execute(db);
}
