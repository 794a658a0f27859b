/**
 * Where an insights request's time goes (an investigation aid, not part of `npm run bench`):
 *   npx tsx bench/profile-insights.ts [pglite|postgres]
 * Boots hikeshi on a throwaway database, seeds the bench's year (BENCH_INSIGHTS_INCIDENTS,
 * BENCH_INSIGHTS_EVENTS), then times sequential `GET /api/v1/insights` over it (server.inject, no
 * HTTP): the whole request against the time spent in SQL statements, each statement's share, and
 * the EXPLAIN (ANALYZE, BUFFERS) of each statement of one request.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { computeFigures, computeInsights, localDay } from '../src/domain/metrics.ts';
import { fetchInsightFacts } from '../src/store/insights.ts';
import { fetchInsightRows } from '../src/store/insights-reference.ts';
import type { Database } from '../src/store/schema.ts';
import { benchConfig, BENCH_ADMIN_TOKEN } from './config.ts';
import { freshDatabase } from './databases.ts';
import { DEFAULT_WORKSPACE } from '../src/boot.ts';
import { startHikeshi } from './hikeshi-server.ts';
import { insightsPeriod, seedInsightsYear } from './insights.ts';
import { recordedStatements, recordStatements, type RecordedStatement } from './statement-recorder.ts';

recordStatements();

/** The parameters each statement text was last sent with, for its EXPLAIN. */
const lastParams = new Map<string, unknown[]>();
for (const proto of [pg.Client.prototype, PGlite.prototype] as unknown as { query: (...args: unknown[]) => unknown }[]) {
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    const [first, second] = args;
    const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : '';
    const values = Array.isArray(second) ? second : typeof first === 'object' && first !== null && 'values' in first && Array.isArray(first.values) ? first.values : [];
    lastParams.set(text, values as unknown[]);
    return original.apply(this, args);
  };
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').slice(0, 110);
const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

/**
 * PROFILE_DATABASE_URL=<url of a database an earlier run kept>: no seeding, nothing removed, so a
 * change can be compared on the same rows; PROFILE_KEEP=1 keeps the database made (its URL printed).
 */
async function main(): Promise<void> {
  const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
  const config = benchConfig();
  const reused = process.env['PROFILE_DATABASE_URL'];
  const db = reused ? undefined : await freshDatabase(kind, config.adminDatabaseUrl);
  const { hikeshi } = await startHikeshi(db?.env ?? { DATABASE_URL: reused ?? '' });
  try {
    const period = insightsPeriod(new Date());
    if (!reused) {
      await seedInsightsYear(hikeshi.store.db, { incidents: config.insightsIncidents, events: config.insightsEvents, from: period.from }, console.log);
      await sql`ANALYZE`.execute(hikeshi.store.db);
    }
    const url = `/api/v1/insights?from=${period.from.toISOString()}&to=${period.to.toISOString()}`;
    const get = () => hikeshi.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` } });
    // The first request computes every seeded incident's summary and facts (or none, on a reused database).
    const first = performance.now();
    await get();
    console.log(`  first request (summaries and facts computed for the incidents without them): ${(performance.now() - first).toFixed(0)} ms`);
    for (let i = 0; i < 2; i += 1) await get();
    const n = 20;
    const runs: { ms: number; statements: RecordedStatement[] }[] = [];
    for (let i = 0; i < n; i += 1) {
      recordedStatements.length = 0;
      const t0 = performance.now();
      const response = await get();
      if (response.statusCode !== 200) throw new Error(`insights answered ${response.statusCode}: ${response.body}`);
      await new Promise((resolve) => setImmediate(resolve));
      runs.push({ ms: performance.now() - t0, statements: [...recordedStatements] });
    }
    const byText = new Map<string, number[]>();
    for (const run of runs) for (const s of run.statements) byText.set(normalise(s.text), [...(byText.get(normalise(s.text)) ?? []), s.ms]);
    console.log(`${kind}: ${n} sequential insights requests over one year (server.inject)`);
    console.log(`  per request: ${avg(runs.map((r) => r.ms)).toFixed(1)} ms; max ${Math.max(...runs.map((r) => r.ms)).toFixed(1)} ms`);
    for (const [text, ms] of byText) console.log(`    ${(ms.length / n).toFixed(1)} × ${avg(ms).toFixed(1).padStart(7)} ms  ${text}`);
    await withCpuProfile(() => phases(hikeshi.store.db, period));
    const t0 = performance.now();
    await sql`SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM timeline_events) AS events`.execute(hikeshi.store.db);
    console.log(`  count(*) over incidents and timeline_events: ${(performance.now() - t0).toFixed(1)} ms`);
    for (const s of runs.at(-1)?.statements ?? []) {
      if (!/^\s*select/i.test(s.text)) continue;
      console.log(`\n  EXPLAIN ${normalise(s.text)}`);
      const plan = await hikeshi.store.db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, lastParams.get(s.text) ?? []),
      );
      for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
    }
  } finally {
    await hikeshi.close();
    if (db && process.env['PROFILE_KEEP'] === '1') console.log(`kept: PROFILE_DATABASE_URL=${db.env['DATABASE_URL'] ?? db.env['HIKESHI_DATA_DIR'] ?? ''}`);
    else await db?.remove();
  }
}

/**
 * With PROFILE_CPU=<file>, a V8 CPU profile of `work` written to that file (open it in Chrome's
 * DevTools), and its ten functions with the most self time printed.
 */
async function withCpuProfile(work: () => Promise<void>): Promise<void> {
  const file = process.env['PROFILE_CPU'];
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await work();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  await writeFile(file, JSON.stringify(profile));
  const self = new Map<string, number>();
  const interval = (profile.endTime - profile.startTime) / Math.max(profile.samples?.length ?? 1, 1) / 1000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const id of profile.samples ?? []) {
    const frame = byId.get(id)?.callFrame;
    const key = frame ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '?';
    self.set(key, (self.get(key) ?? 0) + interval);
  }
  console.log('  most self time (ms over the 10 reads and figures):');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${ms.toFixed(0).padStart(6)}  ${key}`);
}

/**
 * The request's parts one after the other, the reads then the figures computed from them: the
 * request's path (kept facts and SQL counts) and the reference path (whole incidents), alternated.
 */
async function phases(db: Kysely<Database>, period: { from: Date; to: Date }): Promise<void> {
  const scope = { workspaceId: DEFAULT_WORKSPACE, ...period, visibleTo: null };
  const order = ['SEV1', 'SEV2', 'SEV3'];
  const paths = {
    request: {
      read: () => fetchInsightFacts(db, { ...scope, filters: {}, today: localDay(new Date(), 'Asia/Tokyo') }),
      compute: (read: Awaited<ReturnType<typeof fetchInsightFacts>>) =>
        computeFigures({ ...read, severityOrder: order, timezone: 'Asia/Tokyo', bucket: 'week', asOf: new Date() }),
    },
    reference: {
      read: () => fetchInsightRows(db, scope),
      compute: (read: Awaited<ReturnType<typeof fetchInsightRows>>) =>
        computeInsights({ ...read, severityOrder: order, timezone: 'Asia/Tokyo', bucket: 'week', asOf: new Date(), filters: {} }),
    },
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const timed = async <T>(work: () => Promise<T> | T) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const value = await work();
    return { value, ms: performance.now() - t0, cpu: cpuMs(c0) };
  };
  const times = { request: { reads: [] as number[], readsCpu: [] as number[], figuresCpu: [] as number[] }, reference: { reads: [] as number[], readsCpu: [] as number[], figuresCpu: [] as number[] } };
  for (let i = 0; i < 10; i += 1) {
    const read = await timed(paths.request.read);
    const figures = await timed(() => paths.request.compute(read.value));
    times.request.reads.push(read.ms);
    times.request.readsCpu.push(read.cpu);
    times.request.figuresCpu.push(figures.cpu);
    if (process.env['PROFILE_CPU']) continue; // the profile is of the request's path alone
    const refRead = await timed(paths.reference.read);
    const refFigures = await timed(() => paths.reference.compute(refRead.value));
    times.reference.reads.push(refRead.ms);
    times.reference.readsCpu.push(refRead.cpu);
    times.reference.figuresCpu.push(refFigures.cpu);
  }
  for (const [name, t] of Object.entries(times)) {
    if (t.reads.length === 0) continue;
    console.log(`  ${name} path: reads median ${median(t.reads).toFixed(1)} ms wall, ${median(t.readsCpu).toFixed(1)} ms of this process's CPU; figures median ${median(t.figuresCpu).toFixed(1)} ms CPU`);
  }
}

await main();
