/**
 * `npm run bench`: the budgets of docs/DESIGN.md §5 that concern throughput, list latency,
 * start-up and memory, on PGlite and on PostgreSQL, each against a bare baseline measured in the
 * same run. Prints tables and writes bench/results/latest.json. See docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchConfig } from './config.ts';
import { freshPglite, freshPostgres, type BenchDatabase } from './databases.ts';
import { describeMachine } from './machine.ts';
import { checkTargets, formatMachine, formatRuns, formatStartup, formatTargets, writeResults, type TargetCheck } from './report.ts';
import type { ChildInput } from './database-child.ts';
import type { DatabaseResult } from './suite.ts';
import { runSlackDeliveryBench, type SlackDeliveryResult } from './slack-delivery.ts';

const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const CHILD = fileURLToPath(new URL('./database-child.ts', import.meta.url));
const log = (line: string) => process.stdout.write(`${line}\n`);

const config = benchConfig();
const machine = describeMachine();
const cleanups = new Set<() => Promise<void>>();

async function cleanUp(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    await cleanup().catch((error: unknown) => log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}

// Bounded: the whole bench gives up (cleaning up) after a generous multiple of its expected time.
const perRun = config.warmupSeconds + config.seconds + 10;
const watchdogSeconds = 1_200 + config.databases.length * 6 * perRun;
setTimeout(() => {
  log(`bench: gave up after ${watchdogSeconds} s (watchdog); cleaning up`);
  void cleanUp().finally(() => process.exit(3));
}, watchdogSeconds * 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`bench: ${signal}, cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function postgresVersion(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgliteVersion(): Promise<string> {
  const file = fileURLToPath(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url));
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { version?: string };
  return `@electric-sql/pglite ${parsed.version ?? '?'}`;
}

/** Runs one database's bench in a child process (see database-child.ts); its log goes to ours. */
async function benchInChild(database: BenchDatabase): Promise<DatabaseResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hikeshi-bench-result-'));
  const input: ChildInput = {
    kind: database.kind,
    env: database.env,
    ...(database.version !== undefined ? { version: database.version } : {}),
    setupSeconds: database.setupSeconds,
    outFile: path.join(dir, 'result.json'),
  };
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(input)], { stdio: ['ignore', 'inherit', 'inherit'] });
    const stopChild = async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    };
    cleanups.add(stopChild);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    cleanups.delete(stopChild);
    if (code !== 0) throw new Error(`the ${database.kind} bench process exited ${code ?? 'by signal'}`);
    return JSON.parse(await readFile(input.outFile, 'utf8')) as DatabaseResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const pgVersion = await postgresVersion(config.adminDatabaseUrl);
  if (pgVersion) machine.postgres = `PostgreSQL ${pgVersion} at ${new URL(config.adminDatabaseUrl).host}`;
  machine.pglite = await pgliteVersion();
  log('hikeshi bench');
  log(formatMachine(machine, config));
  log('');

  const results: DatabaseResult[] = [];
  const skipped: { database: string; reason: string }[] = [];
  const failures: { database: string; error: string }[] = [];
  // PGlite first: its in-process RSS figures then start from the cleanest state.
  for (const kind of (['pglite', 'postgres'] as const).filter((k) => config.databases.includes(k))) {
    let database: BenchDatabase;
    try {
      if (kind === 'pglite') {
        log('pglite: fresh data dir, initdb in a child process (not timed) …');
        database = await freshPglite();
        log(`  initdb done in ${database.setupSeconds.toFixed(1)} s (${database.env['HIKESHI_DATA_DIR'] ?? ''})`);
      } else {
        log(`postgres: creating hikeshi_bench_${process.pid} on ${new URL(config.adminDatabaseUrl).host} …`);
        const outcome = await freshPostgres(config.adminDatabaseUrl);
        if ('unreachable' in outcome) {
          const reason = `PostgreSQL at ${new URL(config.adminDatabaseUrl).host} is unreachable (${outcome.unreachable}); skipped`;
          log(`  ${reason}`);
          skipped.push({ database: kind, reason });
          continue;
        }
        database = outcome.database;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  ${kind}: could not create the bench database: ${message}`);
      failures.push({ database: kind, error: message });
      continue;
    }
    const remove = () => database.remove();
    cleanups.add(remove);
    try {
      const result = await benchInChild(database);
      results.push(result);
      if (kind === 'pglite') machine.pglite = `${machine.pglite ?? ''} (${result.version.split(' on ')[0] ?? result.version})`;
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`  ${kind} failed: ${message}`);
      failures.push({ database: kind, error: message });
    } finally {
      cleanups.delete(remove);
      // BENCH_KEEP_DATA_DIR=1 keeps the PGlite data dir, to start `hikeshi serve` on it afterwards.
      if (kind === 'pglite' && process.env['BENCH_KEEP_DATA_DIR'] === '1') log(`  kept ${database.env['HIKESHI_DATA_DIR'] ?? ''}`);
      else await remove().catch((error: unknown) => log(`  could not remove the bench database: ${String(error)}`));
    }
    log('');
  }

  // Slack delivery latency (PGlite, zero-latency emulator); BENCH_SLACK=0 skips it.
  let slackDelivery: SlackDeliveryResult | undefined;
  if (process.env['BENCH_SLACK'] !== '0') {
    try {
      slackDelivery = await runSlackDeliveryBench({ log });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  slack delivery failed: ${message}`);
      failures.push({ database: 'slack-delivery', error: message });
    }
    log('');
  }

  const checks: TargetCheck[] = results.flatMap(checkTargets);
  log('== results ==');
  log(formatMachine({ ...machine }, config));
  if (results.length > 0) {
    log('');
    log(formatRuns(results));
    log('');
    log(formatStartup(results));
    log('');
    log(formatTargets(checks));
  }
  if (slackDelivery) {
    const met = slackDelivery.completed === slackDelivery.declares && slackDelivery.p99Ms < slackDelivery.targetP99Ms;
    const ackMet = slackDelivery.ackP99Ms < slackDelivery.ackTargetP99Ms;
    log(`slack ack (pglite): signed view_submission → HTTP answer p50 ${slackDelivery.ackP50Ms} ms, p99 ${slackDelivery.ackP99Ms} ms: ${ackMet ? 'met' : 'MISSED'} (< ${slackDelivery.ackTargetP99Ms} ms)`);
    log(`slack delivery (pglite): signed submission → all Slack calls p50 ${slackDelivery.p50Ms} ms, p99 ${slackDelivery.p99Ms} ms over ${slackDelivery.completed}/${slackDelivery.declares}: ${met ? 'met' : 'MISSED'} (< ${slackDelivery.targetP99Ms} ms)`);
  }
  for (const s of skipped) log(`SKIPPED: ${s.reason}`);
  for (const f of failures) log(`FAILED: ${f.database}: ${f.error.split('\n')[0] ?? ''}`);
  const misses = checks.filter((c) => c.pass === false);
  if (checks.length === 0) log('no targets measured');
  else log(misses.length === 0 ? 'all targets met' : `${misses.length} target(s) missed: ${misses.map((m) => `${m.database} ${m.target}`).join('; ')}`);

  await writeResults(RESULTS_FILE, { machine, config: { ...config, adminDatabaseUrl: new URL(config.adminDatabaseUrl).host }, results, checks, skipped, failures, slackDelivery });
  log(`written ${RESULTS_FILE}`);
  return failures.length > 0 ? 1 : 0;
}

const code = await main().catch(async (error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanUp();
  return 1;
});
// Exit explicitly: a lingering handle (a pool, a timer) must not keep the bench alive.
process.exit(code);
