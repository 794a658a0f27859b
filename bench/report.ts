import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchConfig } from './config.ts';
import type { Machine } from './machine.ts';
import type { DatabaseResult, MeasuredRun, RunName } from './suite.ts';

/** Targets (docs/DESIGN.md §5), the printed tables, and bench/results/latest.json. */

export interface TargetCheck {
  database: 'pglite' | 'postgres';
  target: string;
  value: number | undefined;
  budget: string;
  /** Decimals to print the value with. */
  digits: number;
  /** null: printed for information, no budget applies. */
  pass: boolean | null;
}

const RUN_LABELS: Record<RunName, string> = {
  bare: '(a) bare route, insert 1 row',
  declare: '(b) POST /api/v1/incidents',
  alerts: '(e) POST /api/v1/alerts/{alertmanager}, 10 alerts',
  listViewerSmall: '(c) list page 1, small, responder',
  listAdminSmall: '(c) list page 1, small, admin',
  listViewerLarge: '(c) list page 1, large, responder',
  listAdminLarge: '(c) list page 1, large, admin',
};

/** 100000 → '100k'. */
const count = (n: number | undefined) => (n === undefined ? '?' : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;

export function checkTargets(result: DatabaseResult): TargetCheck[] {
  const { runs, kind } = result;
  const checks: TargetCheck[] = [];
  const at = (target: string, measured: number | undefined, budget: string, pass: (v: number) => boolean | null, digits = 2) => {
    const value = measured === undefined || Number.isNaN(measured) ? undefined : measured;
    checks.push({ database: kind, target, value, budget, digits, pass: value === undefined ? (budget === 'none' || budget === 'printed only' ? null : false) : pass(value) });
  };
  const failedRuns = Object.values(runs).filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0).length;
  at('runs with non-2xx or errors', failedRuns, '= 0', (v) => v === 0, 0);
  if (runs.declare) at('declare ÷ bare, req/s (b/a)', ratio(runs.declare?.requestsPerSecond, runs.bare?.requestsPerSecond), '≥ 0.3', (v) => v >= 0.3);
  if (runs.alerts) at('alerts/s ÷ bare rows/s (e×10/a)', ratio(runs.alerts ? runs.alerts.requestsPerSecond * 10 : undefined, runs.bare?.requestsPerSecond), '≥ 0.5', (v) => v >= 0.5);
  if (result.alertStorm) {
    const storm = result.alertStorm;
    at(`alert storm ${count(storm.alerts)} alerts: seconds`, storm.seconds, 'printed only', () => null, 1);
    at('alert storm: peak RSS, bench process (MB)', storm.peakRssMb, 'printed only', () => null, 0);
    at(`alert storm: alert rows (${storm.fingerprints} fingerprints)`, storm.rowsWritten.alerts, `≤ ${storm.fingerprints}`, (v) => v <= storm.fingerprints, 0);
    at(`alert storm: reports (${storm.services} services)`, storm.rowsWritten.reports, `≤ ${storm.services}`, (v) => v <= storm.services, 0);
  }
  if (runs.listAdminLarge || runs.listViewerLarge) {
    const sizes = `${count(runs.listAdminLarge?.incidents)} ÷ ${count(runs.listAdminSmall?.incidents)}`;
    at(`list p99 ${sizes}, responder`, ratio(runs.listViewerLarge?.p99Ms, runs.listViewerSmall?.p99Ms), '≤ 1.5', (v) => v <= 1.5);
    at(`list p99 ${sizes}, admin`, ratio(runs.listAdminLarge?.p99Ms, runs.listAdminSmall?.p99Ms), '≤ 1.5', (v) => v <= 1.5);
    at(`list p50 ${sizes}, responder`, ratio(runs.listViewerLarge?.p50Ms, runs.listViewerSmall?.p50Ms), 'none', () => null);
    at(`list p50 ${sizes}, admin`, ratio(runs.listAdminLarge?.p50Ms, runs.listAdminSmall?.p50Ms), 'none', () => null);
  }
  const { startup, insights } = result;
  if (kind === 'postgres') {
    if (startup) at('start-up to healthy, median (s)', startup.medianSeconds, '< 2 s', (v) => v < 2);
    if (startup) at('idle RSS after start (MB)', startup.idleRssMb, '≤ 150 MB', (v) => v <= 150, 0);
    if (runs.declare) at('peak RSS, declare run, bench process (MB)', result.declarePeakRssMb, 'none', () => null, 0);
  } else {
    if (startup) at('start-up to healthy, median (s)', startup.medianSeconds, 'printed only', () => null);
    if (startup) at('idle RSS after start (MB)', startup.idleRssMb, '≤ 400 MB', (v) => v <= 400, 0);
    if (runs.declare) at('peak RSS, declare run, bench process (MB)', result.declarePeakRssMb, '≤ 600 MB', (v) => v <= 600, 0);
  }
  if (insights) {
    const size = `${count(insights.incidents)} incidents, ${count(insights.timelineEvents)} events`;
    at(`insights p99 ÷ count(*) p99, one year (${size})`, insights.ratio, '< 5', (v) => v < 5);
    at('insights p99 (ms)', insights.insights.p99Ms, 'printed only', () => null, 1);
    at('count(*) p99 (ms)', insights.count.p99Ms, 'printed only', () => null, 1);
    const failed = insights.insights.non2xx + insights.insights.errors + insights.count.non2xx + insights.count.errors;
    at('insights runs with non-2xx or errors', failed, '= 0', (v) => v === 0, 0);
  }
  return checks;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (v: number | undefined, digits: number) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

export function formatMachine(machine: Machine, config: BenchConfig): string {
  return [
    `date:      ${machine.date}`,
    `machine:   ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB RAM, ${machine.os}`,
    `node:      ${machine.node}`,
    `postgres:  ${machine.postgres ?? '(not measured)'}`,
    `pglite:    ${machine.pglite ?? '(not measured)'}`,
    `load avg:  ${machine.loadAverage.map((v) => v.toFixed(2)).join(' / ')} (1/5/15 min) at start; the machine may be shared`,
    `load:      ${config.connections} connections, ${config.warmupSeconds} s warm-up + ${config.seconds} s per run (BENCH_SECONDS); autocannon in a child process;`,
    `           list: small and large servers side by side, alternating rounds, ${config.seconds} s each in total`,
  ].join('\n');
}

export function formatRuns(results: DatabaseResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    for (const name of Object.keys(RUN_LABELS) as RunName[]) {
      const run: MeasuredRun | undefined = result.runs[name];
      if (!run) continue;
      rows.push([
        `${result.kind} ${RUN_LABELS[name]}`,
        fixed(run.requestsPerSecond, 0),
        fixed(run.p50Ms, 2),
        fixed(run.p99Ms, 2),
        String(run.non2xx),
        String(run.errors + run.timeouts),
        String(run.incidents),
        fixed(run.loadAverage, 2),
      ]);
    }
  }
  return table(['run', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'incidents', 'load'], rows);
}

export function formatStartup(results: DatabaseResult[]): string {
  const rows = results.flatMap((r) => (r.startup ? [{ ...r, startup: r.startup }] : [])).map((r) => [
    `${r.kind} (d) ${r.startup.command}`,
    r.startup.runs.map((run) => (run.error ? 'failed' : run.seconds.toFixed(2))).join(' / '),
    fixed(r.startup.medianSeconds, 2),
    r.startup.runs.map((run) => fixed(run.idleRssMb, 0)).join(' / '),
    fixed(r.beforeDeclareRssMb, 0),
    fixed(r.declarePeakRssMb, 0),
  ]);
  const failures = results.flatMap((r) => (r.startup?.runs ?? []).flatMap((run) => (run.error ? [`${r.kind} start-up failed: ${run.error}`] : [])));
  return [
    ...failures,
    table(['start-up', 'runs s', 'median s', 'idle RSS MB', 'bench RSS before (b)', 'bench RSS peak (b)'], rows),
    'idle RSS: the spawned `serve` process, /proc/<pid>/status VmRSS 2 s after /healthz answered.',
    'bench RSS: this bench process (server in-process, load generator in a child), sampled every 100 ms.',
  ].join('\n');
}

export function formatTargets(checks: TargetCheck[]): string {
  const rows = checks.map((c) => [
    `${c.database} ${c.target}`,
    fixed(c.value, c.digits),
    c.budget,
    c.pass === null ? 'INFO' : c.pass ? 'PASS' : 'MISS',
  ]);
  return table(['target', 'value', 'budget', 'result'], rows);
}

export async function writeResults(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}
