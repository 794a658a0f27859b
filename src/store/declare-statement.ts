import { sql, type Kysely } from 'kysely';
import { PREPARED } from './prepared.ts';
import type { OutboxEntry } from './outbox.ts';
import type { jobRow } from './scheduled-jobs.ts';
import type { Database, IncidentRow } from './schema.ts';

/** One new incident's fields, as the declaring statement writes them. */
export interface DeclaredIncidentFields {
  id: string;
  workspace_id: string;
  title: string;
  summary: string;
  impact: string;
  severity: string | null;
  status: string;
  platforms: string[];
  is_private: boolean;
  playbook_version_id: string;
  created_by: string | null;
  triggered_by_user_id: string | null;
  detected_at: Date | null;
  reported_at: Date | null;
  impact_started_at: Date | null;
  declared_at: Date;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** Every row one declare writes besides the counter. */
export interface DeclareRows {
  incident: DeclaredIncidentFields;
  memberIds: string[];
  tasks: {
    id: string;
    key: string;
    role: string;
    status_scope: string;
    title: { ja: string; en: string };
    blocks: string | null;
  }[];
  event: { id: string; type: string; actor_id: string | null; data: Record<string, unknown> };
  /** Side effects, as enqueueOutbox takes them. */
  outbox: readonly OutboxEntry[];
  jobs: ReturnType<typeof jobRow>[];
}

/**
 * The incident as the statement wrote it: the declare's fields, the number the counter gave, and
 * each other column's default (no value yet, version 1). Built here rather than returned by the
 * statement: parsing 33 returned columns per incident held the next statement back (~4% of a
 * declare). Every column the declare does not set is named, so a new column fails to compile until
 * it is added here or to the declare's fields, and a test compares this row with the one read back.
 */
function writtenRow(fields: DeclaredIncidentFields, number: number): IncidentRow {
  return {
    ...fields,
    number,
    cancel_reason: null,
    acknowledged_at: null,
    mitigated_at: null,
    released_at: null,
    resolved_at: null,
    postmortem_published_at: null,
    closed_at: null,
    canceled_at: null,
    monitoring_since: null,
    last_signal_at: null,
    version: 1,
    ready_to_resolve_at: null,
    service: null,
  };
}

/**
 * Writes new incidents of one workspace — their numbers from the workspace counter (consecutive,
 * in the order given), members, tasks, first timeline events, outbox rows and timers — in ONE
 * statement (one round trip, one commit). Every row is computed beforehand by the domain; foreign
 * keys are checked at the end of the statement, so the sibling inserts may refer to the new
 * incidents. Run on its own (no BEGIN/COMMIT around it, see runUseCase), the counter row stays
 * locked only while PostgreSQL executes and commits it — never across a round trip to this
 * process — and numbers stay gap-free: a failed statement takes none.
 *
 * The counter is locked last: the main query's gate needs every other insert's count before it
 * reads `inc`, which pulls `next`. So while one process's declaring statement holds the counter and
 * commits, another process's writes its members, tasks, events, outbox rows and timers, and waits
 * only for its counter update, its incidents and the end-of-statement checks.
 */
export async function insertDeclaredIncidents(
  tx: Kysely<Database>,
  declares: readonly DeclareJson[],
): Promise<IncidentRow[]> {
  const workspaceId = declares[0]?.fields.workspace_id;
  if (workspaceId === undefined) return [];
  if (declares.some((d) => d.fields.workspace_id !== workspaceId)) throw new Error('one statement declares in one workspace');
  const p = statementParameters(declares);
  const result = await sql<{ id: string; number: number }>`${sql.raw(PREPARED)}
    WITH members AS (
      INSERT INTO incident_members (incident_id, user_id, added_at)
      SELECT DISTINCT m.incident_id, m.user_id, m.added_at
      FROM jsonb_to_recordset(${p.members}::jsonb) AS m(incident_id uuid, user_id uuid, added_at timestamptz)
      RETURNING 1
    ), tasks AS (
      INSERT INTO incident_tasks (id, incident_id, key, role, status_scope, title, blocks, created_at)
      SELECT t.id, t.incident_id, t.key, t.role, t.status_scope, t.title, t.blocks, t.created_at
      FROM jsonb_to_recordset(${p.tasks}::jsonb)
        AS t(id uuid, incident_id uuid, key text, role text, status_scope text, title jsonb, blocks text, created_at timestamptz)
      RETURNING 1
    ), event AS (
      INSERT INTO timeline_events (id, workspace_id, incident_id, type, actor_id, occurred_at, recorded_at, data)
      SELECT e.id, ${workspaceId}, e.incident_id, e.type, e.actor_id, e.at, e.at, e.data
      FROM jsonb_to_recordset(${p.events}::jsonb)
        AS e(id uuid, incident_id uuid, type text, actor_id uuid, at timestamptz, data jsonb)
      RETURNING 1
    ), effects AS (
      INSERT INTO outbox (id, workspace_id, topic, idempotency_key, incident_id, payload, available_at, created_at)
      SELECT o.id, o."workspaceId", o.topic, o."idempotencyKey", o."incidentId", o.payload, o.at, o."createdAt"
      -- In array order: the outbox delivers an incident's effects in insertion order.
      FROM jsonb_to_recordset(${p.outbox}::jsonb)
        AS o(id uuid, "workspaceId" text, topic text, "idempotencyKey" text, "incidentId" uuid, payload jsonb,
          at timestamptz, "createdAt" timestamptz, ord int)
      ORDER BY o.ord
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING 1
    ), timers AS (
      INSERT INTO jobs (workspace_id, name, version, key, incident_id, payload, run_at, available_at)
      SELECT j.workspace_id, j.name, j.version, j.key, j.incident_id, j.payload::jsonb, j.run_at, j.available_at
      FROM jsonb_to_recordset(${p.jobs}::jsonb)
        AS j(workspace_id text, name text, version integer, key text, incident_id uuid, payload text,
          run_at timestamptz, available_at timestamptz)
      ON CONFLICT (key) DO NOTHING
      RETURNING 1
    ), next AS (
      UPDATE workspaces SET next_incident_number = next_incident_number + ${declares.length}::int
      WHERE id = ${workspaceId}
      RETURNING next_incident_number - ${declares.length}::int AS first
    ), inc AS (
      INSERT INTO incidents (id, workspace_id, number, title, summary, impact, severity, status, platforms,
        is_private, playbook_version_id, created_by, triggered_by_user_id, detected_at, reported_at,
        impact_started_at, declared_at, status_changed_at, created_at, updated_at)
      SELECT i.id, ${workspaceId}, next.first + i.n, i.title, i.summary, i.impact, i.severity, i.status, i.platforms,
        i.is_private, i.playbook_version_id, i.created_by, i.triggered_by_user_id, i.detected_at, i.reported_at,
        i.impact_started_at, i.declared_at, i.status_changed_at, i.created_at, i.updated_at
      FROM next, jsonb_to_recordset(${p.incidents}::jsonb) AS i(n int, id uuid, title text, summary text, impact text,
        severity text, status text, platforms jsonb, is_private boolean, playbook_version_id uuid, created_by uuid,
        triggered_by_user_id uuid, detected_at timestamptz, reported_at timestamptz, impact_started_at timestamptz,
        declared_at timestamptz, status_changed_at timestamptz, created_at timestamptz, updated_at timestamptz)
      ORDER BY i.n
      RETURNING id, number
    )
    -- The gate: every other row is written before the counter row is locked (see above).
    SELECT * FROM inc
    WHERE (SELECT count(*) FROM members) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM event)
      + (SELECT count(*) FROM effects) + (SELECT count(*) FROM timers) >= 0`.execute(tx);
  const numbers = new Map(result.rows.map((row) => [row.id, row.number]));
  return declares.map(({ fields }) => {
    const number = numbers.get(fields.id);
    if (number === undefined) throw new Error(`incident ${fields.id} was not written`);
    return writtenRow(fields, number);
  });
}

const iso = (at: Date | null): string | null => (at === null ? null : at.toISOString());

/** A row of a table where several declares may write the same row (its key): sent once per statement. */
interface KeyedJson {
  key: string;
  json: string;
}

/**
 * One declare's rows as the statement's JSON, made when the declare is queued — not while the
 * database waits for the group's statement, which only joins them. Each row is one object literal
 * with its dates already text (JSON.stringify of spread objects and of Dates was a tenth of a
 * declare's time in this process). The incident and outbox objects are kept without their opening
 * brace: the statement prefixes each with its place in the group.
 */
export interface DeclareJson {
  fields: DeclaredIncidentFields;
  incident: string;
  members: string[];
  tasks: string[];
  event: string;
  outbox: KeyedJson[];
  jobs: KeyedJson[];
}

/** The rows whose key is not in `seen` yet, adding their keys to it. */
const firstOfEachKey = (rows: readonly KeyedJson[], seen: Set<string>): KeyedJson[] =>
  rows.filter((row) => !seen.has(row.key) && Boolean(seen.add(row.key)));

const withoutBrace = (row: object): string => JSON.stringify(row).slice(1);

export function declareJson({ incident: i, memberIds, tasks, event, outbox, jobs }: DeclareRows): DeclareJson {
  const at = i.declared_at.toISOString();
  return {
    fields: i,
    incident: withoutBrace({
      id: i.id,
      title: i.title,
      summary: i.summary,
      impact: i.impact,
      severity: i.severity,
      status: i.status,
      platforms: i.platforms,
      is_private: i.is_private,
      playbook_version_id: i.playbook_version_id,
      created_by: i.created_by,
      triggered_by_user_id: i.triggered_by_user_id,
      detected_at: iso(i.detected_at),
      reported_at: iso(i.reported_at),
      impact_started_at: iso(i.impact_started_at),
      declared_at: at,
      status_changed_at: iso(i.status_changed_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
    }),
    members: memberIds.map((userId) => JSON.stringify({ incident_id: i.id, user_id: userId, added_at: at })),
    tasks: tasks.map((t) =>
      JSON.stringify({ id: t.id, incident_id: i.id, key: t.key, role: t.role, status_scope: t.status_scope, title: t.title, blocks: t.blocks, created_at: at }),
    ),
    event: JSON.stringify({ id: event.id, incident_id: i.id, type: event.type, actor_id: event.actor_id, at, data: event.data }),
    outbox: outbox.map((o) => ({
      key: o.idempotencyKey,
      json: withoutBrace({
        id: o.id,
        workspaceId: o.workspaceId,
        topic: o.topic,
        idempotencyKey: o.idempotencyKey,
        incidentId: o.incidentId ?? null,
        payload: o.payload,
        at: o.at.toISOString(),
        createdAt: at,
      }),
    })),
    jobs: jobs.map((j) => ({
      key: j.key,
      json: JSON.stringify({
        workspace_id: j.workspace_id,
        name: j.name,
        version: j.version,
        key: j.key,
        incident_id: j.incident_id,
        payload: j.payload,
        run_at: j.run_at.toISOString(),
        available_at: j.available_at.toISOString(),
      }),
    })),
  };
}

/**
 * The group's JSON arrays, one per table (bind values: the statement text never varies). A row
 * several declares share — the App Home refresh of a 5 s window, the day's digest timer — goes
 * once: ON CONFLICT DO NOTHING would skip the later copies anyway, after probing the index for each.
 */
function statementParameters(declares: readonly DeclareJson[]) {
  const incidents: string[] = [];
  const members: string[] = [];
  const tasks: string[] = [];
  const events: string[] = [];
  const outbox: string[] = [];
  const jobs: string[] = [];
  const outboxKeys = new Set<string>();
  const jobKeys = new Set<string>();
  declares.forEach((d, n) => {
    incidents.push(`{"n":${n},${d.incident}`);
    members.push(...d.members);
    tasks.push(...d.tasks);
    events.push(d.event);
    // In array order: the outbox delivers an incident's effects in insertion order.
    for (const o of firstOfEachKey(d.outbox, outboxKeys)) outbox.push(`{"ord":${outbox.length},${o.json}`);
    for (const j of firstOfEachKey(d.jobs, jobKeys)) jobs.push(j.json);
  });
  const array = (rows: string[]) => `[${rows.join(',')}]`;
  return { incidents: array(incidents), members: array(members), tasks: array(tasks), events: array(events), outbox: array(outbox), jobs: array(jobs) };
}
