import { randomInt } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import './alerts-schema.ts';
import { PREPARED } from './prepared.ts';
import type { Database } from './schema.ts';

/** Slots of alert_source_receipts (migration 014). */
const RECEIPT_SLOTS = 16;

/**
 * The two statements of an alert delivery (docs/alerts.md, "Concurrency"): one read of what the
 * delivery's fingerprints and groups are now, taking no lock, and one write, last before COMMIT,
 * that applies everything the delivery decided with compare-and-set conditions. The rows every
 * delivery of a storm touches (the source's counters, a group's last alert, a repeated alert)
 * are therefore locked only from that statement to COMMIT, and deliveries of one source run side
 * by side. When a condition fails (another delivery changed a fingerprint or a group since the
 * read), the write reports it and the caller retries the delivery from the read.
 */

/** The latest row of a fingerprint, with the incident it relates to (for resolves). */
export interface KnownAlertRow {
  id: string;
  status: 'firing' | 'resolved';
  startsAt: Date;
  /** The incident the alert relates to (attached to it, or through its report), and its status. */
  incidentId: string | null;
  incidentStatus: string | null;
}

/** A group as stored: what it points at, what that is now, and its last alert. */
export interface GroupState {
  /** The row's own pointers (the compare-and-set condition of the write). */
  storedReportId: string | null;
  storedIncidentId: string | null;
  reportStatus: string | null;
  /** The report's incident, else the group's own. */
  incidentId: string | null;
  incidentStatus: string | null;
  lastAlertAt: Date;
}

export interface IngestState {
  alerts: Map<string, KnownAlertRow>;
  /** Groups with a row; a missing key has none yet. */
  groups: Map<string, GroupState>;
}

interface StateRow {
  kind: 'alert' | 'group';
  key: string;
  id: string | null;
  status: string | null;
  at: Date | string;
  incident_id: string | null;
  incident_status: string | null;
  report_id: string | null;
  report_status: string | null;
  group_incident_id: string | null;
}

/**
 * One statement: the latest row of each fingerprint (its open row if it has one, else its latest)
 * and the groups' state. Each key is looked up on its own (a lateral lookup, `= ANY`), so the plan
 * probes the indexes whatever the table's statistics say: a fresh or fast-growing `alerts` table
 * has none (PGlite never runs autovacuum), and the planner then scanned every alert of the source
 * for each delivery. The open row (at most one: the partial unique index) is tried first, then the
 * latest by `starts_at` (a backward index scan): no sort per fingerprint, which cost PGlite ~0.1 ms
 * each.
 */
export async function readIngestState(
  db: Kysely<Database>,
  q: {
    workspaceId: string;
    sourceId: string;
    fingerprints: readonly string[];
    groupKeys: readonly string[];
  },
): Promise<IngestState> {
  const state: IngestState = { alerts: new Map(), groups: new Map() };
  const fingerprints = [...new Set(q.fingerprints)];
  const groupKeys = [...new Set(q.groupKeys)];
  if (fingerprints.length === 0 && groupKeys.length === 0) return state;
  const result = await sql<StateRow>`${sql.raw(PREPARED)}
    SELECT 'alert' AS kind, f.fingerprint AS key, x.id, x.status, x.starts_at AS at, i.id AS incident_id,
        i.status AS incident_status, NULL::uuid AS report_id, NULL::text AS report_status, NULL::uuid AS group_incident_id
      FROM unnest(${fingerprints}::text[]) AS f(fingerprint)
      CROSS JOIN LATERAL (
        (SELECT a.id, a.status, a.starts_at, a.report_id, a.incident_id
          FROM alerts a WHERE a.source_id = ${q.sourceId}::uuid AND a.fingerprint = f.fingerprint AND a.status = 'firing')
        UNION ALL
        (SELECT a.id, a.status, a.starts_at, a.report_id, a.incident_id
          FROM alerts a WHERE a.source_id = ${q.sourceId}::uuid AND a.fingerprint = f.fingerprint
          ORDER BY a.starts_at DESC LIMIT 1)
        LIMIT 1) x
      LEFT JOIN reports r ON r.id = x.report_id
      LEFT JOIN incidents i ON i.id = coalesce(x.incident_id, r.incident_id)
    UNION ALL
    SELECT 'group' AS kind, g.group_key AS key, NULL::uuid AS id, NULL::text AS status, g.last_alert_at AS at,
        i.id AS incident_id, i.status AS incident_status, g.report_id, r.status AS report_status, g.incident_id AS group_incident_id
      FROM alert_groups g
      LEFT JOIN reports r ON r.id = g.report_id
      LEFT JOIN incidents i ON i.id = coalesce(r.incident_id, g.incident_id)
      WHERE g.workspace_id = ${q.workspaceId} AND g.group_key = ANY(${groupKeys}::text[])`.execute(db);
  for (const row of result.rows) {
    if (row.kind === 'alert' && row.id !== null) {
      state.alerts.set(row.key, {
        id: row.id,
        status: row.status === 'firing' ? 'firing' : 'resolved',
        startsAt: new Date(row.at),
        incidentId: row.incident_id,
        incidentStatus: row.incident_status,
      });
    } else if (row.kind === 'group') {
      state.groups.set(row.key, {
        storedReportId: row.report_id,
        storedIncidentId: row.group_incident_id,
        reportStatus: row.report_status,
        incidentId: row.incident_id,
        incidentStatus: row.incident_status,
        lastAlertAt: new Date(row.at),
      });
    }
  }
  return state;
}

/** A new alert row (every column the delivery sets). */
export interface NewAlertRow {
  id: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  title: string;
  description: string;
  labels: Record<string, string>;
  service: string | null;
  platform: string | null;
  severity: string | null;
  groupKey: string;
  link: string | null;
  startsAt: Date;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  count: number;
  reportId: string | null;
  incidentId: string | null;
}

/** What a delivery does to an open alert it found: repeats, an acknowledgement, a resolve. */
export interface AlertChange {
  id: string;
  repeats: number;
  acknowledge: boolean;
  resolvedAt: Date | null;
}

/** A group the delivery's new alerts went to: the pointers it read (compare) and the ones to store (set). */
export interface GroupChange {
  key: string;
  /** False when the read found no row: the write inserts one. */
  exists: boolean;
  expectedReportId: string | null;
  expectedIncidentId: string | null;
  reportId: string | null;
  incidentId: string | null;
  /** Set when a new report was opened for the group. */
  openedAt: Date | null;
}

export interface IngestWrite {
  workspaceId: string;
  sourceId: string;
  now: Date;
  alertChanges: AlertChange[];
  newAlerts: NewAlertRow[];
  groups: GroupChange[];
  /** Reports joined by new alerts: their detection time moves earlier when an alert started earlier. */
  detectedAt: { reportId: string; at: Date }[];
}

/** Whether every compare-and-set condition of the write held. */
export interface IngestWriteOutcome {
  ok: boolean;
  expected: { groups: number; changed: number; inserted: number };
  actual: { groups: number; changed: number; inserted: number };
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
// The UPDATEs below name their rows twice, as `= ANY(array)` and in the join with the JSON rows:
// the first lets the plan probe the primary key for exactly those rows whatever the statistics
// say (without it, a fresh `alerts` table made the planner hash every open alert per delivery).
const byKey = <T>(items: readonly T[], key: (item: T) => string) =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** SQLSTATE raised by alert_delivery_holds (migration 015) when a compare-and-set condition failed. */
const RACED = 'HK409';

/**
 * Whether writeIngest is one statement for this write. It is two when a new alert reopens a
 * fingerprint whose open row the same delivery resolves: the alert changes then go first, in their
 * own statement (one statement must not rely on its own parts' order), and the caller must run
 * both in one transaction.
 */
export function writesOneStatement(w: Pick<IngestWrite, 'alertChanges' | 'newAlerts'>): boolean {
  return w.newAlerts.length === 0 || w.alertChanges.every((c) => c.resolvedAt === null);
}

/**
 * The delivery's writes in one statement (its rows as JSON parameters, so the statement's size
 * does not grow with the delivery): the source's accepted count, the groups (compare-and-set on
 * the pointers read), the open alerts' repeats/acknowledgements/resolves (only while still
 * open), the new alerts (only where no other open row of the fingerprint appeared: the partial
 * unique index), and the joined reports' detection time. Rows are sorted by key so concurrent
 * deliveries lock them in one order. The statement ends by checking its own compare-and-set
 * counts and fails as a whole when one did not hold (alert_delivery_holds, migration 015), so it
 * may run on its own without BEGIN/COMMIT: nothing of a raced delivery commits. Its text has a
 * few fixed shapes (which parts a delivery needs), each prepared once per PostgreSQL connection.
 */
export async function writeIngest(
  db: Kysely<Database>,
  w: IngestWrite,
): Promise<IngestWriteOutcome> {
  const changes = byKey(w.alertChanges, (c) => c.id);
  const groups = byKey(w.groups, (g) => g.key);
  const changedFirst = !writesOneStatement(w);
  const expected = { groups: groups.length, changed: changes.length, inserted: w.newAlerts.length };
  if (changedFirst) {
    const result = await sql<{
      n: number | string;
    }>`WITH upd AS (${changeAlerts(changes, w.now)}) SELECT count(*) AS n FROM upd`.execute(db);
    const changed = Number(result.rows[0]?.n ?? 0);
    if (changed !== changes.length) return { ok: false, expected, actual: { groups: 0, changed, inserted: 0 } };
  }
  const ctes: RawBuilder<unknown>[] = [
    // One of 16 slots (migration 014): concurrent deliveries of one source rarely share a row lock.
    sql`src AS (INSERT INTO alert_source_receipts AS r (source_id, slot, accepted_count, last_received_at)
      VALUES (${w.sourceId}::uuid, ${randomInt(RECEIPT_SLOTS)}, 1, ${w.now})
      ON CONFLICT (source_id, slot) DO UPDATE
        SET accepted_count = r.accepted_count + 1, last_received_at = greatest(r.last_received_at, excluded.last_received_at)
      RETURNING 1)`,
  ];
  const counts = { groups: [sql`0`], changed: sql`0`, inserted: sql`0` };
  const inserted = groups.filter((g) => !g.exists);
  const updated = groups.filter((g) => g.exists);
  if (inserted.length > 0) {
    ctes.push(sql`grp_ins AS (INSERT INTO alert_groups (workspace_id, group_key, report_id, incident_id, opened_at, last_alert_at)
      SELECT ${w.workspaceId}, v.key, v.report_id, v.incident_id, coalesce(v.opened_at, ${w.now}), ${w.now}
      FROM jsonb_to_recordset(${json(inserted.map((g) => ({ key: g.key, report_id: g.reportId, incident_id: g.incidentId, opened_at: g.openedAt })))})
        AS v(key text, report_id uuid, incident_id uuid, opened_at timestamptz)
      ON CONFLICT (workspace_id, group_key) DO NOTHING RETURNING 1)`);
    counts.groups.push(sql`(SELECT count(*) FROM grp_ins)`);
  }
  if (updated.length > 0) {
    const rows = updated.map((g) => ({
      key: g.key,
      expected_report: g.expectedReportId,
      expected_incident: g.expectedIncidentId,
      report_id: g.reportId,
      incident_id: g.incidentId,
      opened_at: g.openedAt,
    }));
    ctes.push(sql`grp_upd AS (UPDATE alert_groups g SET report_id = v.report_id, incident_id = v.incident_id,
        opened_at = coalesce(v.opened_at, g.opened_at), last_alert_at = ${w.now}
      FROM jsonb_to_recordset(${json(rows)})
        AS v(key text, expected_report uuid, expected_incident uuid, report_id uuid, incident_id uuid, opened_at timestamptz)
      WHERE g.workspace_id = ${w.workspaceId} AND g.group_key = ANY(${updated.map((g) => g.key)}::text[]) AND g.group_key = v.key
        AND g.report_id IS NOT DISTINCT FROM v.expected_report AND g.incident_id IS NOT DISTINCT FROM v.expected_incident
      RETURNING 1)`);
    counts.groups.push(sql`(SELECT count(*) FROM grp_upd)`);
  }
  if (changes.length > 0 && !changedFirst) {
    ctes.push(sql`upd AS (${changeAlerts(changes, w.now)})`);
    counts.changed = sql`(SELECT count(*) FROM upd)`;
  }
  if (w.newAlerts.length > 0) {
    ctes.push(sql`ins AS (${insertAlerts(w)})`);
    counts.inserted = sql`(SELECT count(*) FROM ins)`;
  }
  if (w.detectedAt.length > 0) {
    const rows = byKey(w.detectedAt, (d) => d.reportId).map((d) => ({ id: d.reportId, at: d.at }));
    ctes.push(sql`det AS (UPDATE reports r SET detected_at = v.at FROM jsonb_to_recordset(${json(rows)}) AS v(id uuid, at timestamptz)
      WHERE r.id = ANY(${rows.map((d) => d.id)}::uuid[]) AND r.id = v.id AND (r.detected_at IS NULL OR r.detected_at > v.at) RETURNING 1)`);
  }
  const written = sql`n AS (SELECT ${sql.join(counts.groups, sql` + `)} AS groups, ${counts.changed} AS changed, ${counts.inserted} AS inserted)`;
  const wanted = { groups: expected.groups, changed: changedFirst ? 0 : expected.changed, inserted: expected.inserted };
  try {
    await sql`${sql.raw(PREPARED)}
      WITH ${sql.join([...ctes, written])}
      SELECT alert_delivery_holds(n.groups = ${wanted.groups}::bigint AND n.changed = ${wanted.changed}::bigint
          AND n.inserted = ${wanted.inserted}::bigint,
        json_build_object('groups', n.groups, 'changed', n.changed, 'inserted', n.inserted)::text) AS holds
      FROM n`.execute(db);
  } catch (error) {
    const raced = racedCounts(error);
    if (!raced) throw error;
    return { ok: false, expected, actual: { ...raced, changed: changedFirst ? changes.length : raced.changed } };
  }
  return { ok: true, expected, actual: expected };
}

/** The counts a raced write reported (alert_delivery_holds' detail), or undefined for any other error. */
function racedCounts(error: unknown): IngestWriteOutcome['actual'] | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code !== RACED) return undefined;
  const detail = 'detail' in error && typeof error.detail === 'string' ? error.detail : '{}';
  const counts = JSON.parse(detail) as Partial<Record<'groups' | 'changed' | 'inserted', number>>;
  return { groups: Number(counts.groups ?? 0), changed: Number(counts.changed ?? 0), inserted: Number(counts.inserted ?? 0) };
}

/** The delivery's new alerts, where no other open row of the fingerprint appeared (the partial unique index). */
function insertAlerts(w: IngestWrite): RawBuilder<unknown> {
  const rows = w.newAlerts.map((a) => ({
    id: a.id,
    fingerprint: a.fingerprint,
    status: a.status,
    title: a.title,
    description: a.description,
    labels: a.labels,
    service: a.service,
    platform: a.platform,
    severity: a.severity,
    group_key: a.groupKey,
    link: a.link,
    starts_at: a.startsAt,
    resolved_at: a.resolvedAt,
    acknowledged_at: a.acknowledgedAt,
    count: a.count,
    report_id: a.reportId,
    incident_id: a.incidentId,
  }));
  return sql`INSERT INTO alerts (id, workspace_id, source_id, fingerprint, status, title, description, labels, service, platform,
      severity, group_key, link, starts_at, ends_at, first_seen_at, last_seen_at, acknowledged_at, resolved_at, count, report_id, incident_id)
    SELECT v.id, ${w.workspaceId}, ${w.sourceId}, v.fingerprint, v.status, v.title, v.description, v.labels, v.service, v.platform,
      v.severity, v.group_key, v.link, v.starts_at, v.resolved_at, ${w.now}, ${w.now}, v.acknowledged_at, v.resolved_at, v.count, v.report_id, v.incident_id
    FROM jsonb_to_recordset(${json(rows)}) AS v(id uuid, fingerprint text, status text, title text, description text, labels jsonb,
      service text, platform text, severity text, group_key text, link text, starts_at timestamptz, resolved_at timestamptz,
      acknowledged_at timestamptz, count integer, report_id uuid, incident_id uuid)
    ON CONFLICT (source_id, fingerprint) WHERE status = 'firing' DO NOTHING RETURNING 1`;
}

/**
 * Repeats, acknowledgements and resolves of open alerts, one row each (an alert closed meanwhile is
 * left alone). "Open" is written `status <> 'resolved'` (the only other status is 'firing'): with
 * `status = 'firing'` the planner, without statistics, also scanned the whole open-fingerprint
 * partial index and intersected it with the primary-key lookups.
 */
function changeAlerts(changes: readonly AlertChange[], now: Date): RawBuilder<unknown> {
  const rows = changes.map((c) => ({
    id: c.id,
    n: c.repeats,
    ack: c.acknowledge,
    resolved_at: c.resolvedAt,
  }));
  return sql`UPDATE alerts a SET
      count = a.count + v.n,
      last_seen_at = CASE WHEN v.n > 0 OR v.resolved_at IS NOT NULL OR (v.ack AND a.acknowledged_at IS NULL) THEN ${now}::timestamptz ELSE a.last_seen_at END,
      acknowledged_at = CASE WHEN v.ack THEN coalesce(a.acknowledged_at, ${now}::timestamptz) ELSE a.acknowledged_at END,
      status = CASE WHEN v.resolved_at IS NULL THEN a.status ELSE 'resolved' END,
      resolved_at = coalesce(v.resolved_at, a.resolved_at),
      ends_at = coalesce(v.resolved_at, a.ends_at)
    FROM jsonb_to_recordset(${json(rows)}) AS v(id uuid, n integer, ack boolean, resolved_at timestamptz)
    WHERE a.id = ANY(${changes.map((c) => c.id)}::uuid[]) AND a.id = v.id AND a.status <> 'resolved'
    RETURNING 1`;
}
