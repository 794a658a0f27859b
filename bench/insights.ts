import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { sql, type Kysely } from 'kysely';
import { BOOTSTRAP_ADMIN_EMAIL } from '../src/app/tokens/ensure-bootstrap-token.ts';
import { DEFAULT_WORKSPACE } from '../src/boot.ts';
import type { Database } from '../src/store/schema.ts';
import { insertUser } from '../src/store/users.ts';
import { BENCH_ADMIN_TOKEN, type BenchConfig } from './config.ts';
import type { RunningHikeshi } from './hikeshi-server.ts';
import { runLoad, type LoadOutcome } from './load.ts';

/**
 * Insights over one year (issue 6): seeds `BENCH_INSIGHTS_INCIDENTS` incidents declared over one
 * past year and `BENCH_INSIGHTS_EVENTS` timeline events for them in bulk SQL — severities,
 * services, platforms and final statuses mixed, reopenings (monitoring → responding and
 * resolved → responding), some canceled, severity changes, commanders and investigators from a
 * small pool, prevention actions — then measures p99 of `GET /api/v1/insights` over that year
 * (JSON, as the admin) against a bare route running `SELECT count(*)` over the same tables, with
 * the same load generator, one after the other.
 */

export interface InsightsResult {
  incidents: number;
  timelineEvents: number;
  seedSeconds: number;
  period: { from: string; to: string };
  connections: number;
  insights: LoadOutcome & { loadAverage: number };
  count: LoadOutcome & { loadAverage: number };
  /** p99 insights ÷ p99 count(*). */
  ratio: number;
}

const DAY_MS = 86_400_000;
/** A figure for the log; NaN (or null, as NaN comes back from the load generator's JSON) when no request completed. */
const fixed = (value: number | null, digits = 1) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));
/** Incidents per seeding statement (their status events come with them): keeps PGlite's session free between chunks. */
const INCIDENT_CHUNK = 2_000;
/** Filler events per statement. */
const EVENT_CHUNK = 100_000;
const PEOPLE = 12;

/** The seeded year ends 400 days ago (whole UTC days), away from the list bench's recent incidents. */
export function insightsPeriod(now: Date): { from: Date; to: Date } {
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - 400 * DAY_MS);
  return { from: new Date(to.getTime() - 365 * DAY_MS), to };
}

async function seedPeople(db: Kysely<Database>): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < PEOPLE; k += 1) {
    const id = randomUUID();
    await insertUser(db, {
      id,
      workspaceId: DEFAULT_WORKSPACE,
      name: `Insights responder ${k}`,
      email: `insights-${k}-${id.slice(0, 8)}@hikeshi.local`,
      role: 'responder',
      slackUserId: null,
      locale: null,
      createdAt: new Date(),
    });
    ids.push(id);
  }
  return ids;
}

interface Chunk {
  /** Index of the first incident of the chunk among all seeded (0-based) and how many. */
  first: number;
  count: number;
  total: number;
  /** Incident number of index 0 minus 1. */
  base: number;
  from: Date;
  adminId: string;
  playbookId: string;
  people: string[];
}

/**
 * One chunk of incidents with their status and severity changes, roles and actions. The final
 * status follows r3 (7% canceled, a few still open, most closed); r2 picks reopenings (5% monitoring
 * → responding, 3% resolved → responding) and severity changes (15%); r1 the severity (10% SEV1,
 * 30% SEV2, 60% SEV3) and the service (20, skewed).
 */
async function insertIncidentChunk(trx: Kysely<Database>, c: Chunk): Promise<void> {
  const yearSeconds = 365 * 86_400;
  await sql`
    WITH src AS (
      SELECT k, ${c.base}::int + 1 + k AS n,
        ${c.from}::timestamptz + ((k + 0.5) * ${yearSeconds}::float8 / ${c.total}::int) * interval '1 second' AS t,
        (k::bigint * 7919) % 100 AS r1, (k::bigint * 104729 + 13) % 100 AS r2, (k::bigint * 15485863 + 7) % 100 AS r3
      FROM generate_series(${c.first}::int, ${c.first + c.count - 1}::int) AS k
    ),
    shaped AS (
      SELECT *,
        CASE WHEN r1 < 10 THEN 'SEV1' WHEN r1 < 40 THEN 'SEV2' ELSE 'SEV3' END AS severity,
        CASE WHEN r3 < 7 THEN -1 WHEN r3 < 8 THEN 1 WHEN r3 < 9 THEN 2 WHEN r3 < 10 THEN 3
             WHEN r3 < 12 THEN 4 WHEN r3 < 16 THEN 5 ELSE 6 END AS stage
      FROM src
    ),
    ins AS (
      INSERT INTO incidents (
        id, workspace_id, number, title, summary, impact, severity, status, platforms, is_private, service,
        playbook_version_id, created_by, impact_started_at, detected_at, reported_at, declared_at, acknowledged_at,
        mitigated_at, resolved_at, postmortem_published_at, closed_at, canceled_at, cancel_reason,
        status_changed_at, created_at, updated_at
      )
      SELECT gen_random_uuid(), ${DEFAULT_WORKSPACE}, n, 'Insights incident ' || n, '', '', severity,
        (ARRAY['canceled', 'triage', 'responding', 'monitoring', 'resolved', 'postmortem', 'follow_up', 'closed'])[stage + 2],
        (ARRAY['["web"]', '["ios"]', '["android"]', '["web", "ios", "android"]', '["ios", "android"]'])[1 + (r2 % 5)]::jsonb,
        false, 'svc-' || ((r1 * r1) % 20),
        ${c.playbookId}::uuid, ${c.adminId}::uuid,
        CASE WHEN r3 % 5 < 3 THEN t - interval '15 minutes' END, t - interval '5 minutes', t - interval '3 minutes', t,
        t + (1 + r1 % 15) * interval '1 minute',
        CASE WHEN stage >= 2 THEN t + interval '25 minutes' END,
        CASE WHEN stage >= 3 THEN t + interval '90 minutes' END,
        CASE WHEN stage >= 5 THEN t + interval '3 days' END,
        CASE WHEN stage >= 6 THEN t + interval '10 days' END,
        CASE WHEN stage = -1 THEN t + interval '10 minutes' END,
        CASE WHEN stage = -1 THEN 'false alarm' END,
        t, t, t
      FROM shaped
      RETURNING id, number
    ),
    joined AS (
      SELECT ins.id, shaped.t, shaped.stage, shaped.r1, shaped.r2, shaped.severity
      FROM ins JOIN shaped ON shaped.n = ins.number
    ),
    steps (step, from_status, to_status, minutes, min_stage, reopen) AS (
      VALUES (1, 'triage', 'responding', 2, 1, 0), (2, 'responding', 'monitoring', 30, 2, 0),
             (3, 'monitoring', 'responding', 45, 2, 1), (4, 'responding', 'monitoring', 60, 2, 1),
             (5, 'monitoring', 'resolved', 90, 3, 0),
             (6, 'resolved', 'responding', 120, 3, 2), (7, 'responding', 'monitoring', 150, 3, 2), (8, 'monitoring', 'resolved', 200, 3, 2),
             (9, 'resolved', 'postmortem', 1440, 4, 0), (10, 'postmortem', 'follow_up', 4320, 5, 0), (11, 'follow_up', 'closed', 14400, 6, 0)
    ),
    status_events AS (
      INSERT INTO timeline_events (id, workspace_id, incident_id, type, actor_id, occurred_at, data)
      SELECT gen_random_uuid(), ${DEFAULT_WORKSPACE}, j.id, 'incident.status_changed', ${c.adminId}::uuid,
        j.t + s.minutes * interval '1 minute', jsonb_build_object('from', s.from_status, 'to', s.to_status)
      FROM joined j JOIN steps s ON (j.stage >= s.min_stage OR (j.stage = -1 AND s.step = 1))
        AND (s.reopen = 0 OR (s.reopen = 1 AND j.r2 >= 50 AND j.r2 < 55) OR (s.reopen = 2 AND j.r2 >= 55 AND j.r2 < 58))
      UNION ALL
      SELECT gen_random_uuid(), ${DEFAULT_WORKSPACE}, j.id, 'incident.status_changed', ${c.adminId}::uuid,
        j.t + interval '10 minutes', '{"from": "responding", "to": "canceled"}'::jsonb
      FROM joined j WHERE j.stage = -1
      UNION ALL
      SELECT gen_random_uuid(), ${DEFAULT_WORKSPACE}, j.id, 'incident.severity_changed', ${c.adminId}::uuid,
        j.t + interval '20 minutes',
        jsonb_build_object('from', CASE j.severity WHEN 'SEV1' THEN 'SEV2' ELSE 'SEV3' END, 'to', CASE j.severity WHEN 'SEV3' THEN 'SEV2' ELSE j.severity END)
      FROM joined j WHERE j.r2 < 15
    ),
    roles AS (
      INSERT INTO role_assignments (id, incident_id, role, user_id, assigned_by, assigned_at)
      SELECT gen_random_uuid(), j.id, 'commander', (${c.people}::uuid[])[1 + (j.r1 * j.r2) % ${PEOPLE}::int], ${c.adminId}::uuid, j.t + interval '1 minute'
      FROM joined j
      UNION ALL
      SELECT gen_random_uuid(), j.id, 'investigator', (${c.people}::uuid[])[1 + (j.r2 * 7 + 3) % ${PEOPLE}::int], ${c.adminId}::uuid, j.t + interval '3 minutes'
      FROM joined j WHERE j.stage <> -1
    )
    INSERT INTO actions (id, workspace_id, incident_id, title, owner_id, due_date, status, created_by, created_at, updated_at)
    SELECT gen_random_uuid(), ${DEFAULT_WORKSPACE}, j.id, 'Prevent ' || a, (${c.people}::uuid[])[1 + (j.r1 + a) % ${PEOPLE}::int],
      (j.t + interval '30 days')::date, (ARRAY['done', 'done', 'deferred', 'open', 'in_progress'])[1 + (j.r2 + a) % 5],
      ${c.adminId}::uuid, j.t + interval '3 days', j.t + interval '3 days'
    FROM joined j CROSS JOIN generate_series(1, 3) AS a
    WHERE j.stage >= 5 AND j.r1 % 10 < 3
  `.execute(trx);
}

/** Notes and other entries that are not status or severity changes, spread evenly over the seeded incidents. */
async function insertFillerChunk(
  trx: Kysely<Database>,
  c: {
    fromNumber: number;
    toNumber: number;
    perIncident: number;
    extraBelow: number;
    adminId: string;
  },
): Promise<void> {
  await sql`
    INSERT INTO timeline_events (id, workspace_id, incident_id, type, actor_id, occurred_at, data)
    SELECT gen_random_uuid(), ${DEFAULT_WORKSPACE}, i.id,
      (ARRAY['incident.note_added', 'incident.status_update_posted', 'incident.task_completed', 'incident.alert_firing'])[1 + e % 4],
      ${c.adminId}::uuid, i.declared_at + e * interval '2 minutes', jsonb_build_object('text', 'seeded entry ' || e)
    FROM incidents i
    CROSS JOIN LATERAL generate_series(1, ${c.perIncident}::int + CASE WHEN i.number < ${c.extraBelow}::int THEN 1 ELSE 0 END) AS e
    WHERE i.workspace_id = ${DEFAULT_WORKSPACE} AND i.number >= ${c.fromNumber}::int AND i.number < ${c.toNumber}::int
  `.execute(trx);
}

/** Seeds the year; returns the incidents and timeline events written. */
export async function seedInsightsYear(
  db: Kysely<Database>,
  options: { incidents: number; events: number; from: Date },
  log: (line: string) => void,
): Promise<{ incidents: number; events: number }> {
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', DEFAULT_WORKSPACE)
    .where('email', '=', BOOTSTRAP_ADMIN_EMAIL)
    .executeTakeFirstOrThrow();
  const playbook = await db
    .selectFrom('playbook_versions')
    .select('id')
    .where('workspace_id', '=', DEFAULT_WORKSPACE)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  const people = await seedPeople(db);
  const base = await db.transaction().execute(async (trx) => {
    const ws = await trx
      .selectFrom('workspaces')
      .select('next_incident_number')
      .where('id', '=', DEFAULT_WORKSPACE)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('workspaces')
      .set({ next_incident_number: ws.next_incident_number + options.incidents })
      .where('id', '=', DEFAULT_WORKSPACE)
      .execute();
    return ws.next_incident_number - 1;
  });
  // Bulk rows: no live-update NOTIFY per event and no foreign-key checks (the rows are made consistent here).
  const bulk = async (work: (trx: Kysely<Database>) => Promise<void>) =>
    db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await work(trx);
    });
  for (let first = 0; first < options.incidents; first += INCIDENT_CHUNK) {
    const count = Math.min(INCIDENT_CHUNK, options.incidents - first);
    await bulk((trx) =>
      insertIncidentChunk(trx, {
        first,
        count,
        total: options.incidents,
        base,
        from: options.from,
        adminId: admin.id,
        playbookId: playbook.id,
        people,
      }),
    );
  }
  const range = sql`number > ${base}::int AND number <= ${base + options.incidents}::int AND workspace_id = ${DEFAULT_WORKSPACE}`;
  const statusRows = await sql<{ n: string | number }>`
    SELECT count(*) AS n FROM timeline_events WHERE incident_id IN (SELECT id FROM incidents WHERE ${range})`.execute(
    db,
  );
  const written = Number(statusRows.rows[0]?.n ?? 0);
  const fillers = Math.max(0, options.events - written);
  const perIncident = Math.floor(fillers / options.incidents);
  const extraBelow = base + 1 + (fillers % options.incidents);
  const incidentsPerChunk = Math.max(1, Math.floor(EVENT_CHUNK / (perIncident + 1)));
  log(
    `    ${options.incidents} incidents with ${written} status/severity changes; adding ${fillers} other entries …`,
  );
  for (let from = base + 1; from <= base + options.incidents; from += incidentsPerChunk) {
    const to = Math.min(from + incidentsPerChunk, base + options.incidents + 1);
    await bulk((trx) =>
      insertFillerChunk(trx, {
        fromNumber: from,
        toNumber: to,
        perIncident,
        extraBelow,
        adminId: admin.id,
      }),
    );
  }
  for (const table of ['incidents', 'timeline_events', 'role_assignments', 'actions'])
    await sql.raw(`ANALYZE ${table}`).execute(db);
  return { incidents: options.incidents, events: written + fillers };
}

/** The comparison route: a bare Fastify route counting the same tables' rows through the same Kysely object. */
async function startCountServer(
  db: Kysely<Database>,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/count', async () => {
    const result = await sql<{ incidents: string | number; events: string | number }>`
      SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM timeline_events) AS events`.execute(
      db,
    );
    const row = result.rows[0];
    return { incidents: Number(row?.incidents ?? 0), events: Number(row?.events ?? 0) };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/count`, close: () => app.close() };
}

/** Seeds the year on `server`'s database and measures insights against count(*). */
export async function runInsightsBench(
  server: RunningHikeshi,
  config: BenchConfig,
  log: (line: string) => void,
): Promise<InsightsResult> {
  const db = server.hikeshi.store.db;
  const { from, to } = insightsPeriod(new Date());
  log(
    `  insights: seeding ${config.insightsIncidents} incidents and ${config.insightsEvents} timeline events over ${from.toISOString().slice(0, 10)} … ${to.toISOString().slice(0, 10)}`,
  );
  const started = performance.now();
  const seeded = await seedInsightsYear(
    db,
    { incidents: config.insightsIncidents, events: config.insightsEvents, from },
    log,
  );
  const seedSeconds = (performance.now() - started) / 1000;
  log(`    seeded in ${seedSeconds.toFixed(1)} s`);
  const insightsUrl = `${server.baseUrl}/api/v1/insights?from=${from.toISOString()}&to=${to.toISOString()}`;
  const check = await fetch(insightsUrl, {
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
  });
  const body = (await check.json()) as { incidents?: { total?: number } };
  if (check.status !== 200 || body.incidents?.total !== seeded.incidents) {
    throw new Error(
      `insights check: ${check.status}, ${body.incidents?.total ?? '?'} incidents in the year (seeded ${seeded.incidents})`,
    );
  }
  const counter = await startCountServer(db);
  try {
    const shape = {
      connections: config.insightsConnections,
      warmupSeconds: config.warmupSeconds,
      seconds: config.seconds,
    };
    const measure = async (label: string, url: string, headers: Record<string, string>) => {
      const loadAverage = os.loadavg()[0] ?? Number.NaN;
      log(
        `  ${label}: GET ${url.split('?')[0] ?? url} (${shape.connections} connection(s), ${shape.warmupSeconds} s warm-up + ${shape.seconds} s; load ${loadAverage.toFixed(2)})`,
      );
      const outcome = await runLoad({ ...shape, url, method: 'GET', headers });
      log(
        `    ${outcome.requestsPerSecond.toFixed(1)} req/s, p50 ${fixed(outcome.p50Ms)} ms, p99 ${fixed(outcome.p99Ms)} ms, non-2xx ${outcome.non2xx}, errors ${outcome.errors}`,
      );
      return { ...outcome, loadAverage };
    };
    const count = await measure('count(*)', counter.url, {});
    const insights = await measure('insights (one year)', insightsUrl, {
      authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
      accept: 'application/json',
    });
    const ratio = insights.p99Ms / count.p99Ms;
    log(`    insights p99 ÷ count(*) p99 = ${fixed(ratio, 2)} (target < 5)`);
    return {
      incidents: seeded.incidents,
      timelineEvents: seeded.events,
      seedSeconds,
      period: { from: from.toISOString(), to: to.toISOString() },
      connections: shape.connections,
      insights,
      count,
      ratio,
    };
  } finally {
    await counter.close();
  }
}
