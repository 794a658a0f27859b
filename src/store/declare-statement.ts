import { sql, type Kysely } from 'kysely';
import { PREPARED } from './prepared.ts';
import type { OutboxEntry } from './outbox.ts';
import type { jobRow } from './scheduled-jobs.ts';
import type { Database, IncidentRow, IncidentsTable, NewIncidentRow } from './schema.ts';

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
  /** Side effects, as enqueueOutbox takes them. */
  outbox: readonly OutboxEntry[];
  jobs: ReturnType<typeof jobRow>[];
}

/**
 * What the statement returns: every column of IncidentsTable, named, not `*` — a prepared
 * statement must keep its result type when a later migration adds a column.
 */
const RETURNED = [
  'id',
  'workspace_id',
  'number',
  'title',
  'summary',
  'impact',
  'severity',
  'status',
  'platforms',
  'is_private',
  'playbook_version_id',
  'created_by',
  'triggered_by_user_id',
  'cancel_reason',
  'detected_at',
  'reported_at',
  'declared_at',
  'acknowledged_at',
  'mitigated_at',
  'released_at',
  'resolved_at',
  'postmortem_published_at',
  'closed_at',
  'canceled_at',
  'impact_started_at',
  'monitoring_since',
  'last_signal_at',
  'status_changed_at',
  'created_at',
  'updated_at',
  'version',
  'ready_to_resolve_at',
  'service',
] as const satisfies readonly (keyof IncidentsTable)[];
type Unreturned = Exclude<keyof IncidentsTable, (typeof RETURNED)[number]>;
const returnsEveryColumn: [Unreturned] extends [never] ? true : Unreturned = true;
const returning = sql.raw(returnsEveryColumn && RETURNED.join(', '));

/**
 * Writes a new incident — its number from the workspace counter, its members, tasks, first
 * timeline event, outbox rows and timers — in ONE statement (one round trip). Every row is
 * computed beforehand by the domain; foreign keys are checked at the end of the statement, so the
 * sibling inserts may refer to the new incident. Run on its own (no BEGIN/COMMIT around it, see
 * runUseCase), the counter row stays locked only while PostgreSQL executes and commits it — never
 * across a round trip to this process — and numbers stay gap-free: a failed statement takes none.
 */
export async function insertDeclaredIncident(
  tx: Kysely<Database>,
  rows: DeclareRows,
): Promise<IncidentRow> {
  const i = rows.incident;
  const at = i.declared_at;
  const result = await sql<IncidentRow>`${sql.raw(PREPARED)}
    WITH next AS (
      UPDATE workspaces SET next_incident_number = next_incident_number + 1
      WHERE id = ${i.workspace_id}
      RETURNING next_incident_number - 1 AS number
    ), inc AS (
      INSERT INTO incidents (id, workspace_id, number, title, summary, impact, severity, status, platforms,
        is_private, playbook_version_id, created_by, triggered_by_user_id, detected_at, reported_at,
        impact_started_at, declared_at, status_changed_at, created_at, updated_at)
      SELECT ${i.id}::uuid, ${i.workspace_id}, next.number, ${i.title}, ${i.summary ?? ''}, ${i.impact ?? ''},
        ${i.severity ?? null}, ${i.status}, ${i.platforms}::jsonb, ${i.is_private}, ${i.playbook_version_id}::uuid,
        ${i.created_by ?? null}::uuid, ${i.triggered_by_user_id ?? null}::uuid, ${i.detected_at ?? null}::timestamptz,
        ${i.reported_at ?? null}::timestamptz, ${i.impact_started_at ?? null}::timestamptz, ${at}::timestamptz,
        ${i.status_changed_at}::timestamptz, ${i.created_at}::timestamptz, ${i.updated_at}::timestamptz
      FROM next
      RETURNING ${returning}
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
      SELECT (o.v->>'id')::uuid, o.v->>'workspaceId', o.v->>'topic', o.v->>'idempotencyKey', (o.v->>'incidentId')::uuid,
        o.v->'payload', (o.v->>'at')::timestamptz, ${at}::timestamptz
      -- In array order: the outbox delivers an incident's effects in insertion order.
      FROM jsonb_array_elements(${JSON.stringify(rows.outbox)}::jsonb) WITH ORDINALITY AS o(v, ord)
      ORDER BY o.ord
      ON CONFLICT (idempotency_key) DO NOTHING
    ), timers AS (
      INSERT INTO jobs (workspace_id, name, version, key, incident_id, payload, run_at, available_at)
      SELECT j.workspace_id, j.name, j.version, j.key, j.incident_id, j.payload::jsonb, j.run_at, j.available_at
      FROM jsonb_to_recordset(${JSON.stringify(rows.jobs)}::jsonb)
        AS j(workspace_id text, name text, version integer, key text, incident_id uuid, payload text,
          run_at timestamptz, available_at timestamptz)
      ON CONFLICT (key) DO NOTHING
    )
    SELECT * FROM inc`.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error(`incident ${i.id} was not written`);
  return row;
}
