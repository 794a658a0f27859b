/**
 * `npm run bench:web`: (a) the dashboard's initial JS+CSS as transferred (gzip) against the 250 KB
 * budget, (b) the time until the dashboard shows its first incident row with BENCH_WEB_INCIDENTS
 * (default 10,000) incidents stored, next to the time of the empty dashboard from the same server in
 * the same run, and their ratio (target < 2). Headless Debian Chromium, cold loads, median of
 * BENCH_WEB_LOADS (default 7). PGlite always; PostgreSQL too when BENCH_DATABASES includes it.
 * See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BENCH_ADMIN_TOKEN } from '../config.ts';
import { freshPglite, freshPostgres, type BenchDatabase } from '../databases.ts';
import { startHikeshi } from '../hikeshi-server.ts';
import { describeMachine } from '../machine.ts';
import { createViewer, seedIncidentsUpTo } from '../seed.ts';
import { launchBrowser, loadDashboard, sessionCookie, type DashboardLoad } from './dashboard.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRANSFER_BUDGET_KB = 250;
const RATIO_TARGET = 2;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got '${raw}'`);
  return value;
}

const incidents = positiveInt('BENCH_WEB_INCIDENTS', 10_000);
const loads = positiveInt('BENCH_WEB_LOADS', 7);
const databases = (process.env['BENCH_DATABASES'] ?? 'pglite')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is 'pglite' | 'postgres' => s === 'pglite' || s === 'postgres');
const adminDatabaseUrl =
  process.env['BENCH_DATABASE_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Builds web/dist when a web source is newer than it (as `npm start` does). */
function buildWebIfNeeded(): void {
  const result = spawnSync(
    process.execPath,
    [
      '-e',
      "const m = await import('./scripts/build-web.mjs'); if (!m.isWebBuilt()) { console.log('building the web app…'); await m.buildWeb(); }",
    ],
    { cwd: ROOT, stdio: 'inherit', input: '' },
  );
  if (result.status !== 0) throw new Error('the web app did not build');
}

interface WebResult {
  database: string;
  transferKb: number;
  assets: DashboardLoad['assets'];
  emptyMs: number[];
  rowsMs: number[];
  seeded: number;
  seedSeconds: number;
}

async function measure(database: BenchDatabase): Promise<WebResult> {
  const running = await startHikeshi(database.env);
  const browser = await launchBrowser();
  try {
    const cookie = await sessionCookie(running.baseUrl, BENCH_ADMIN_TOKEN);
    // One unmeasured load warms the server (file cache, gzip of the assets, query plans).
    await loadDashboard(browser, running.baseUrl, cookie);
    const empty: DashboardLoad[] = [];
    for (let i = 0; i < loads; i += 1)
      empty.push(await loadDashboard(browser, running.baseUrl, cookie));
    if (empty.some((load) => load.kind !== 'empty'))
      throw new Error('the empty dashboard showed incident rows');
    const seedStarted = performance.now();
    const viewer = await createViewer(running.hikeshi.store.db);
    const seeded = await seedIncidentsUpTo(running.hikeshi.store.db, incidents, viewer);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await loadDashboard(browser, running.baseUrl, cookie);
    const full: DashboardLoad[] = [];
    for (let i = 0; i < loads; i += 1)
      full.push(await loadDashboard(browser, running.baseUrl, cookie));
    if (full.some((load) => load.kind !== 'rows'))
      throw new Error('the dashboard with incidents showed no row');
    const first = empty[0];
    const assets = first ? first.assets : [];
    return {
      database:
        database.kind === 'postgres'
          ? (database.version ?? 'PostgreSQL').split(' ').slice(0, 2).join(' ')
          : 'PGlite',
      transferKb: assets.reduce((sum, a) => sum + a.bytes, 0) / 1024,
      assets,
      emptyMs: empty.map((l) => l.shownMs),
      rowsMs: full.map((l) => l.shownMs),
      seeded,
      seedSeconds,
    };
  } finally {
    await browser.close();
    await running.hikeshi.close();
  }
}

function report(result: WebResult): void {
  const emptyMedian = median(result.emptyMs);
  const rowsMedian = median(result.rowsMs);
  const ratio = emptyMedian === 0 ? Number.NaN : rowsMedian / emptyMedian;
  const ok = (pass: boolean) => (pass ? 'ok' : 'OVER');
  log(`\n${result.database}`);
  log(
    `  (a) dashboard initial JS+CSS transferred: ${result.transferKb.toFixed(1)} KB gzip (budget < ${TRANSFER_BUDGET_KB} KB) ${ok(result.transferKb < TRANSFER_BUDGET_KB)}`,
  );
  for (const asset of result.assets)
    log(
      `        ${(asset.bytes / 1024).toFixed(1).padStart(7)} KB  ${asset.type.padEnd(10)} ${new URL(asset.url).pathname}`,
    );
  log(
    `  (b) first incident row, ${incidents.toLocaleString('en')} incidents stored (${result.seeded} seeded in ${result.seedSeconds.toFixed(1)} s):`,
  );
  log(
    `        empty dashboard  median ${emptyMedian.toFixed(0)} ms  (${result.emptyMs.map((v) => v.toFixed(0)).join(', ')})`,
  );
  log(
    `        with incidents   median ${rowsMedian.toFixed(0)} ms  (${result.rowsMs.map((v) => v.toFixed(0)).join(', ')})`,
  );
  log(`        ratio ${ratio.toFixed(2)} (target < ${RATIO_TARGET}) ${ok(ratio < RATIO_TARGET)}`);
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(`bench:web — ${machine.date}`);
  log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB RAM, ${machine.os}`,
  );
  log(
    `${loads} cold loads per case (median), ${incidents.toLocaleString('en')} incidents, databases: ${databases.join(', ')}`,
  );
  buildWebIfNeeded();
  let failed = false;
  for (const kind of databases) {
    let database: BenchDatabase;
    if (kind === 'pglite') {
      database = await freshPglite();
    } else {
      const outcome = await freshPostgres(adminDatabaseUrl);
      if ('unreachable' in outcome) {
        log(`\nPostgreSQL skipped: ${outcome.unreachable}`);
        continue;
      }
      database = outcome.database;
    }
    try {
      report(await measure(database));
    } catch (error) {
      failed = true;
      log(
        `\n${kind} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } finally {
      await database.remove();
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
