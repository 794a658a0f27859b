import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { ALERTS_PER_BATCH, alertBatchBody, createBenchSource, runAlertStorm, type StormResult } from './alerts.ts';
import { startBareServer, type BareServer } from './bare-server.ts';
import { BENCH_ADMIN_TOKEN, DECLARE_BODY, type BenchConfig } from './config.ts';
import { cloneDatabase, type BenchDatabase } from './databases.ts';
import { explainList, type ListPlans } from './explain.ts';
import { startHikeshi, type RunningHikeshi } from './hikeshi-server.ts';
import { mergeOutcomes, runLoad, type LoadOutcome, type LoadSpec } from './load.ts';
import { sampleOwnRss } from './memory.ts';
import { countIncidents, createViewer, seedIncidentsUpTo } from './seed.ts';
import { measureStartup, type StartupResult } from './startup.ts';
import { runInsightsBench, type InsightsResult } from './insights.ts';

/**
 * Everything measured on one database:
 *  1. boot hikeshi in-process, seed to 1k incidents, and copy that database (the "small" one);
 *  2. (a) the bare route and (b) declare, on the original;
 *  3. seed the original to 100k, then (c) the list on small and large servers side by side, in
 *     alternating rounds, so a change of machine load hits both alike;
 *  4. (d) start-up of `hikeshi serve` on the large database;
 *  5. (f) insights over one seeded year against a bare count(*) (bench/insights.ts).
 * BENCH_PARTS picks which of declare, alerts, list, startup, insights run (the bare route always does).
 */

export interface MeasuredRun extends LoadOutcome {
  /** 1-minute load average when the run started. */
  loadAverage: number;
  /** Incidents stored during the run. */
  incidents: number;
}

export type RunName = 'bare' | 'declare' | 'alerts' | 'listViewerSmall' | 'listAdminSmall' | 'listViewerLarge' | 'listAdminLarge';

export interface DatabaseResult {
  kind: 'pglite' | 'postgres';
  version: string;
  setupSeconds: number;
  bootSeconds: number;
  runs: Partial<Record<RunName, MeasuredRun>>;
  /** Peak RSS of the bench process (server in-process) over the declare run, MB. */
  declarePeakRssMb: number;
  /** RSS of the bench process before the declare run, MB. */
  beforeDeclareRssMb: number;
  seeding: { smallSeconds: number; largeSeconds: number };
  listRounds: number;
  /** Absent when BENCH_PARTS left the list (or start-up) out. */
  plans?: ListPlans;
  startup?: StartupResult;
  /** Insights over one year of seeded incidents and timeline events against a bare count(*) (issue 6). */
  insights?: InsightsResult;
  /** Alert storm: time, peak RSS of the bench process, rows written (issue 5). */
  alertStorm?: StormResult;
}

type Log = (line: string) => void;

/** Rounds per list comparison: each side gets BENCH_SECONDS in total, in this many slices. */
const LIST_ROUNDS = 5;

const JSON_HEADERS = { 'content-type': 'application/json' };
const AS_ADMIN = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

async function checkOnce(label: string, url: string, init: RequestInit): Promise<void> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${label}: ${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  }
}

const listUrl = (server: RunningHikeshi) => `${server.baseUrl}/api/v1/incidents?limit=50`;

export async function benchDatabase(database: BenchDatabase, config: BenchConfig, log: Log): Promise<DatabaseResult> {
  const open: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(item: T): T => {
    open.push(item);
    return item;
  };
  const closeAll = async () => {
    for (const item of open.splice(0).reverse()) await item.close().catch(() => undefined);
  };
  const startMain = async (): Promise<{ server: RunningHikeshi; bare: BareServer }> => {
    const server = await startHikeshi(database.env);
    track(server.hikeshi);
    const bare = track(await startBareServer(server.hikeshi.store.db));
    return { server, bare };
  };
  try {
    const bootStarted = performance.now();
    let { server, bare } = await startMain();
    const bootSeconds = (performance.now() - bootStarted) / 1000;
    log(`  booted hikeshi in-process in ${bootSeconds.toFixed(2)} s at ${server.baseUrl}`);
    const versionRow = await sql<{ version: string }>`SELECT version()`.execute(server.hikeshi.store.db);
    const version = database.version ?? versionRow.rows[0]?.version ?? 'unknown';
    const viewer = await createViewer(server.hikeshi.store.db);
    const asViewer = { authorization: `Bearer ${viewer.token}` };
    const oneBody = DECLARE_BODY.replace('[<id>]', 'check');
    await checkOnce('bare route', bare.url, { method: 'POST', headers: JSON_HEADERS, body: oneBody });
    const has = (part: BenchConfig['parts'][number]) => config.parts.includes(part);
    await checkOnce('declare', `${server.baseUrl}/api/v1/incidents`, { method: 'POST', headers: { ...JSON_HEADERS, ...AS_ADMIN }, body: oneBody });
    await checkOnce('list (viewer)', listUrl(server), { headers: asViewer });
    await checkOnce('list (admin)', listUrl(server), { headers: AS_ADMIN });

    let started = performance.now();
    let smallSeconds = 0;
    let smallEnv: Record<string, string> | undefined;
    if (has('list')) {
      await seedIncidentsUpTo(server.hikeshi.store.db, config.smallIncidents, viewer);
      smallSeconds = (performance.now() - started) / 1000;
      log(`  seeded to ${await countIncidents(server.hikeshi.store.db)} incidents in ${smallSeconds.toFixed(1)} s; copying that database for the list runs`);
      await closeAll();
      smallEnv = await cloneDatabase(database.kind, database.env, config.adminDatabaseUrl);
      ({ server, bare } = await startMain());
    }
    const db = server.hikeshi.store.db;

    const runs: DatabaseResult['runs'] = {};
    const shape = { connections: config.connections, warmupSeconds: config.warmupSeconds, seconds: config.seconds };
    const describe = (spec: LoadSpec) =>
      `(${spec.connections} connections, ${spec.warmupSeconds} s warm-up + ${spec.seconds} s; load ${(os.loadavg()[0] ?? Number.NaN).toFixed(2)})`;
    const report = (name: RunName, run: MeasuredRun) => {
      log(`    ${name}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms, non-2xx ${run.non2xx}, errors ${run.errors}`);
      runs[name] = run;
    };
    const measure = async (name: RunName, spec: LoadSpec): Promise<void> => {
      log(`  ${name}: ${spec.method} ${spec.url} ${describe(spec)}`);
      const loadAverage = os.loadavg()[0] ?? Number.NaN;
      const outcome = await runLoad(spec);
      report(name, { ...outcome, loadAverage, incidents: await countIncidents(db) });
    };

    await measure('bare', { ...shape, url: bare.url, method: 'POST', headers: JSON_HEADERS, body: DECLARE_BODY });
    const beforeDeclareRssMb = process.memoryUsage().rss / 1024 / 1024;
    let declarePeakRssMb = Number.NaN;
    if (has('declare')) {
      const sampler = sampleOwnRss(100);
      try {
        await measure('declare', { ...shape, url: `${server.baseUrl}/api/v1/incidents`, method: 'POST', headers: { ...JSON_HEADERS, ...AS_ADMIN }, body: DECLARE_BODY });
      } finally {
        declarePeakRssMb = sampler.stop();
      }
    }

    let alertStorm: StormResult | undefined;
    if (has('alerts')) {
      const alertSource = await createBenchSource(server);
      await measure('alerts', { ...shape, url: alertSource.url, method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${alertSource.secret}` }, body: alertBatchBody() });
      log(`    alerts: ${((runs.alerts?.requestsPerSecond ?? 0) * ALERTS_PER_BATCH).toFixed(0)} alerts/s (${ALERTS_PER_BATCH} a delivery, half new fingerprints)`);
      log(`  alert storm: ${config.stormAlerts} alerts over 1000 fingerprints and 50 services …`);
      alertStorm = await runAlertStorm(server, alertSource, { total: config.stormAlerts, fingerprints: 1000, services: 50 });
      log(`    ${alertStorm.alerts} alerts in ${alertStorm.seconds.toFixed(1)} s (${alertStorm.alertsPerSecond.toFixed(0)} alerts/s), peak RSS ${alertStorm.peakRssMb.toFixed(0)} MB, rows written ${JSON.stringify(alertStorm.rowsWritten)}`);
    }

    let largeSeconds = 0;
    let plans: ListPlans | undefined;
    if (has('list') && smallEnv) {
      started = performance.now();
      await seedIncidentsUpTo(db, config.largeIncidents, viewer);
      largeSeconds = (performance.now() - started) / 1000;
      log(`  seeded to ${await countIncidents(db)} incidents in ${largeSeconds.toFixed(1)} s`);

      const small = await startHikeshi(smallEnv);
      track(small.hikeshi);
      const sides = [
        { server: small, size: 'Small' as const },
        { server, size: 'Large' as const },
      ];
      for (const [caller, headers] of [
        ['Viewer', asViewer],
        ['Admin', AS_ADMIN],
      ] as const) {
        const slice = config.seconds / LIST_ROUNDS;
        log(`  list as ${caller === 'Viewer' ? 'responder' : 'admin'}, ${config.smallIncidents} vs ${config.largeIncidents} incidents: ${LIST_ROUNDS} alternating rounds of ${slice.toFixed(1)} s each (${config.connections} connections, ${config.warmupSeconds} s warm-up each first; load ${(os.loadavg()[0] ?? Number.NaN).toFixed(2)})`);
        const outcomes = new Map<string, LoadOutcome[]>();
        const loads = new Map<string, number[]>();
        for (let round = 0; round < LIST_ROUNDS; round += 1) {
          const order = round % 2 === 0 ? sides : [...sides].reverse();
          for (const side of order) {
            const spec: LoadSpec = {
              url: listUrl(side.server),
              method: 'GET',
              headers,
              connections: config.connections,
              warmupSeconds: round === 0 ? config.warmupSeconds : 0,
              seconds: slice,
              keepLatencies: true,
            };
            loads.set(side.size, [...(loads.get(side.size) ?? []), os.loadavg()[0] ?? Number.NaN]);
            outcomes.set(side.size, [...(outcomes.get(side.size) ?? []), await runLoad(spec)]);
          }
        }
        for (const side of sides) {
          const merged = mergeOutcomes(outcomes.get(side.size) ?? []);
          const sideLoads = loads.get(side.size) ?? [];
          report(`list${caller}${side.size}`, {
            ...merged,
            loadAverage: sideLoads.reduce((a, b) => a + b, 0) / sideLoads.length,
            incidents: await countIncidents(side.server.hikeshi.store.db),
          });
        }
      }
      plans = await explainList(db, viewer.userId);
    }
    await closeAll();

    let startup: StartupResult | undefined;
    if (has('startup')) {
      log(`  start-up: ${config.startupRuns} × hikeshi serve on the ${has('list') ? config.largeIncidents : 'small'}-incident database …`);
      startup = await measureStartup(database.env, config.startupRuns);
      log(
        `    ${startup.runs.map((r) => (r.error ? `failed (${r.error.slice(0, 200)})` : `${r.seconds.toFixed(2)} s`)).join(', ')} (median ${startup.medianSeconds.toFixed(2)} s); idle RSS ${startup.runs
          .map((r) => (r.idleRssMb === undefined ? '?' : `${r.idleRssMb.toFixed(0)} MB`))
          .join(', ')}`,
      );
    }

    let insights: InsightsResult | undefined;
    if (has('insights')) {
      const { server: insightsServer } = await startMain();
      insights = await runInsightsBench(insightsServer, config, log);
      await closeAll();
    }
    return {
      kind: database.kind,
      version,
      setupSeconds: database.setupSeconds,
      bootSeconds,
      runs,
      declarePeakRssMb,
      beforeDeclareRssMb,
      seeding: { smallSeconds, largeSeconds },
      listRounds: LIST_ROUNDS,
      ...(plans && { plans }),
      ...(startup && { startup }),
      ...(alertStorm && { alertStorm }),
      ...(insights && { insights }),
    };
  } finally {
    await closeAll();
  }
}
