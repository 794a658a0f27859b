/**
 * Benchmark settings, from the environment. Every run is bounded: BENCH_SECONDS per load run, a
 * warm-up before it, and a watchdog over the whole bench (see run.ts).
 */

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
}

export interface BenchConfig {
  /** Length of each measured load run (BENCH_SECONDS, default 10). */
  seconds: number;
  /** Unmeasured warm-up before each run (BENCH_WARMUP_SECONDS, default 2). */
  warmupSeconds: number;
  /** Concurrent keep-alive connections of the load generator (BENCH_CONNECTIONS, default 10). */
  connections: number;
  /** Incidents for the small and the large list run (defaults 1,000 and 100,000). */
  smallIncidents: number;
  largeIncidents: number;
  /** Alerts in the alert storm (BENCH_STORM_ALERTS, default 100,000; over 1,000 fingerprints and 50 services). */
  stormAlerts: number;
  /** Start-ups measured per database (median reported). */
  startupRuns: number;
  /**
   * A PostgreSQL connection used to create and drop the bench database (BENCH_DATABASE_URL,
   * default postgres://postgres@127.0.0.1:5432/test). The bench never writes into this database.
   */
  adminDatabaseUrl: string;
  /** Which databases to run: BENCH_DATABASES=pglite,postgres (default both). */
  databases: ('pglite' | 'postgres')[];
  /** Which parts to run on each database: BENCH_PARTS=declare,alerts,list,startup,insights (default all; the bare route always runs). */
  parts: BenchPart[];
  /** Insights section: incidents and timeline events seeded over one year (BENCH_INSIGHTS_INCIDENTS, BENCH_INSIGHTS_EVENTS). */
  insightsIncidents: number;
  insightsEvents: number;
  /** Concurrent connections of the insights and count(*) runs (BENCH_INSIGHTS_CONNECTIONS, default 1: latency, not throughput). */
  insightsConnections: number;
}

export const BENCH_PARTS = ['declare', 'alerts', 'list', 'startup', 'insights'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

function benchParts(): BenchPart[] {
  const raw = process.env['BENCH_PARTS']?.trim();
  if (!raw) return [...BENCH_PARTS];
  const parts = raw.split(',').map((s) => s.trim());
  const unknown = parts.filter((p) => !(BENCH_PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`BENCH_PARTS: unknown part(s) ${unknown.join(', ')}; known: ${BENCH_PARTS.join(', ')}`);
  return parts as BenchPart[];
}

export function benchConfig(): BenchConfig {
  const databases = (process.env['BENCH_DATABASES'] ?? 'pglite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is 'pglite' | 'postgres' => s === 'pglite' || s === 'postgres');
  return {
    seconds: positiveNumber('BENCH_SECONDS', 10),
    warmupSeconds: positiveNumber('BENCH_WARMUP_SECONDS', 2),
    connections: Math.round(positiveNumber('BENCH_CONNECTIONS', 10)),
    smallIncidents: Math.round(positiveNumber('BENCH_SMALL_INCIDENTS', 1_000)),
    largeIncidents: Math.round(positiveNumber('BENCH_LARGE_INCIDENTS', 100_000)),
    stormAlerts: Math.round(positiveNumber('BENCH_STORM_ALERTS', 100_000)),
    startupRuns: Math.round(positiveNumber('BENCH_STARTUP_RUNS', 3)),
    adminDatabaseUrl: process.env['BENCH_DATABASE_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
    databases: databases.length > 0 ? databases : ['pglite', 'postgres'],
    parts: benchParts(),
    insightsIncidents: Math.round(positiveNumber('BENCH_INSIGHTS_INCIDENTS', 10_000)),
    insightsEvents: Math.round(positiveNumber('BENCH_INSIGHTS_EVENTS', 1_000_000)),
    insightsConnections: Math.round(positiveNumber('BENCH_INSIGHTS_CONNECTIONS', 1)),
  };
}

/** The token the in-process and spawned servers accept as the bootstrap admin's. */
export const BENCH_ADMIN_TOKEN = 'hks_bench_admin_token_0123456789abcdef';

/** The request body of the declare run, also sent to the bare route so both parse the same JSON. */
export const DECLARE_BODY = JSON.stringify({ title: 'bench incident [<id>]', severity: 'SEV3', platforms: ['web'] });
