import { sql, type Kysely } from 'kysely';

/**
 * Insights read a summary per incident instead of its timeline (docs/metrics.md, "Speed"):
 * `incident_change_summaries` holds the incident's status and severity changes, in timeline order,
 * as compact JSON arrays `[[at_ms, from, to], …]`, and the incident `version` they were read at.
 * Every status or severity change bumps the incident's version in the transaction that appends the
 * event (recordIncidentChange), so a summary whose version differs from its incident's is stale;
 * insights recompute those on read. Nothing is added to the writes of incidents or timeline
 * events. Backfilled here for existing incidents.
 */
const statements = [
  `CREATE TABLE incident_change_summaries (
    incident_id uuid PRIMARY KEY REFERENCES incidents(id),
    version integer NOT NULL,
    status_changes jsonb NOT NULL,
    severity_changes jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
  )`,
  `INSERT INTO incident_change_summaries (incident_id, version, status_changes, severity_changes)
   SELECT i.id, i.version,
     coalesce((SELECT jsonb_agg(jsonb_build_array(floor(extract(epoch FROM t.occurred_at) * 1000)::float8, t.data->'from', t.data->'to') ORDER BY t.occurred_at, t.seq)
               FROM timeline_events t WHERE t.incident_id = i.id AND t.type = 'incident.status_changed'), '[]'::jsonb),
     coalesce((SELECT jsonb_agg(jsonb_build_array(floor(extract(epoch FROM t.occurred_at) * 1000)::float8, t.data->'from', t.data->'to') ORDER BY t.occurred_at, t.seq)
               FROM timeline_events t WHERE t.incident_id = i.id AND t.type = 'incident.severity_changed'), '[]'::jsonb)
   FROM incidents i`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE incident_change_summaries').execute(db);
}
