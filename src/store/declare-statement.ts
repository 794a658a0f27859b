import { sql, type Kysely } from 'kysely';
import type { Database, IncidentRow, NewIncidentRow } from './schema.ts';

export interface DeclareRows {
  incident: Omit<NewIncidentRow, 'number'> & { id: string; created_at: Date; updated_at: Date };
  memberIds: string[];
  tasks: {
    id: string;
    key: string;
    role: string;
    status_scope: string;
    title: { ja: string; en: string };
    blocks: string | null;
  }[];
  event: { id: string; type: string; actor_id: string | null; data: string };
  outbox: { id: string; topic: string; idempotency_key: string; payload: string }[];
}

/**
 * Writes a new incident with its members, tasks, first timeline event and outbox rows in ONE
 * statement (one round trip). Every row is computed beforehand by the domain; foreign keys are
 * checked at the end of the statement, so the sibling inserts may refer to the new incident. The
 * number is given afterwards by allocateIncidentNumber, the transaction's last statement, so the
 * workspace counter is locked only for that statement and COMMIT.
 */
export async function insertDeclaredIncident(
  tx: Kysely<Database>,
  rows: DeclareRows,
): Promise<IncidentRow> {
  const i = rows.incident;
  const at = i.declared_at;
  const result = await sql<IncidentRow>`
    WITH inc AS (
      INSERT INTO incidents (id, workspace_id, number, title, summary, impact, severity, status, platforms,
        is_private, playbook_version_id, created_by, triggered_by_user_id, detected_at, reported_at,
        impact_started_at, declared_at, status_changed_at, created_at, updated_at)
      VALUES (${i.id}::uuid, ${i.workspace_id}, NULL, ${i.title}, ${i.summary ?? ''}, ${i.impact ?? ''},
        ${i.severity ?? null}, ${i.status}, ${i.platforms}::jsonb, ${i.is_private}, ${i.playbook_version_id}::uuid,
        ${i.created_by ?? null}::uuid, ${i.triggered_by_user_id ?? null}::uuid, ${i.detected_at ?? null}::timestamptz,
        ${i.reported_at ?? null}::timestamptz, ${i.impact_started_at ?? null}::timestamptz, ${at}::timestamptz,
        ${i.status_changed_at}::timestamptz, ${i.created_at}::timestamptz, ${i.updated_at}::timestamptz)
      RETURNING *
    ), members AS (
      INSERT INTO incident_members (incident_id, user_id, added_at)
      SELECT DISTINCT ${i.id}::uuid, m.user_id::uuid, ${at}::timestamptz
      FROM jsonb_array_elements_text(${JSON.stringify(rows.memberIds)}::jsonb) AS m(user_id)
    ), tasks AS (
      INSERT INTO incident_tasks (id, incident_id, key, role, status_scope, title, blocks, created_at)
      SELECT t.id, ${i.id}::uuid, t.key, t.role, t.status_scope, t.title, t.blocks, ${at}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(rows.tasks)}::jsonb)
        AS t(id uuid, key text, role text, status_scope text, title jsonb, blocks text)
    ), event AS (
      INSERT INTO timeline_events (id, workspace_id, incident_id, type, actor_id, occurred_at, recorded_at, data)
      VALUES (${rows.event.id}::uuid, ${i.workspace_id}, ${i.id}::uuid, ${rows.event.type},
        ${rows.event.actor_id}::uuid, ${at}::timestamptz, ${at}::timestamptz, ${rows.event.data}::jsonb)
    ), effects AS (
      INSERT INTO outbox (id, workspace_id, topic, idempotency_key, incident_id, payload, available_at, created_at)
      SELECT (o.v->>'id')::uuid, ${i.workspace_id}, o.v->>'topic', o.v->>'idempotency_key', ${i.id}::uuid,
        (o.v->>'payload')::jsonb, ${at}::timestamptz, ${at}::timestamptz
      -- In array order: the outbox delivers an incident's effects in insertion order.
      FROM jsonb_array_elements(${JSON.stringify(rows.outbox)}::jsonb) WITH ORDINALITY AS o(v, ord)
      ORDER BY o.ord
      ON CONFLICT (idempotency_key) DO NOTHING
    )
    SELECT * FROM inc`.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error(`incident ${i.id} was not written`);
  return row;
}
