import { sql, type Kysely } from 'kysely';

/**
 * Wake-ups that say what arrived, so a worker claims only when there is work for it:
 * - `hikeshi_outbox` carries `{"topics": [...], "due": epoch ms of the earliest}` of the inserted
 *   rows: a process without Slack does not claim after every declare (its Slack rows wait for a
 *   process that has Slack), nor for a row due later (a debounced App Home refresh);
 * - `hikeshi_jobs` carries `{"names": [...], "due": epoch ms of the earliest}`: a reminder due in
 *   ten minutes does not cause a claim now.
 * Statement-level triggers with a transition table: one notification per statement, none when an
 * `ON CONFLICT DO NOTHING` inserted nothing.
 * And a pending-rows index led by topic, so a claim reads only due rows of the topics it handles,
 * however many rows of other topics wait (e.g. Slack's while Slack is not configured).
 */
const statements = [
  `DROP TRIGGER outbox_notify ON outbox`,
  `DROP TRIGGER jobs_notify ON jobs`,
  `CREATE FUNCTION hikeshi_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE topics json; due timestamptz;
   BEGIN
     SELECT json_agg(DISTINCT topic), min(available_at) INTO topics, due FROM inserted;
     IF topics IS NOT NULL THEN
       PERFORM pg_notify('hikeshi_outbox', json_build_object(
         'topics', topics, 'due', floor(extract(epoch FROM due) * 1000))::text);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION hikeshi_notify_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE names json; due timestamptz;
   BEGIN
     SELECT json_agg(DISTINCT name), min(available_at) INTO names, due FROM inserted;
     IF names IS NOT NULL THEN
       PERFORM pg_notify('hikeshi_jobs', json_build_object(
         'names', names, 'due', floor(extract(epoch FROM due) * 1000))::text);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox REFERENCING NEW TABLE AS inserted
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_outbox()`,
  `CREATE TRIGGER jobs_notify AFTER INSERT ON jobs REFERENCING NEW TABLE AS inserted
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_jobs()`,
  `CREATE INDEX outbox_due_by_topic ON outbox (topic, available_at, seq) WHERE status = 'pending'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const undo = [
    'DROP INDEX IF EXISTS outbox_due_by_topic',
    'DROP TRIGGER IF EXISTS outbox_notify ON outbox',
    'DROP TRIGGER IF EXISTS jobs_notify ON jobs',
    'DROP FUNCTION IF EXISTS hikeshi_notify_outbox()',
    'DROP FUNCTION IF EXISTS hikeshi_notify_jobs()',
    `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
     FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_outbox')`,
    `CREATE TRIGGER jobs_notify AFTER INSERT ON jobs
     FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_jobs')`,
  ];
  for (const statement of undo) await sql.raw(statement).execute(db);
}
