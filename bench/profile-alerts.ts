/**
 * Where an alert delivery's time goes (an investigation aid, not part of `npm run bench`):
 *   npx tsx bench/profile-alerts.ts [pglite|postgres]
 * Boots hikeshi on a throwaway database and sends the alerts run's delivery (10 Alertmanager
 * alerts, 5 new fingerprints and 5 repeats) with server.inject: counts and times every SQL
 * statement of sequential deliveries, then compares deliveries/s with 1 and 10 callers against
 * one-row inserts (the bare route's statement) with 1 and 10 callers, in the same process and
 * the same seconds, so the machine's load weighs on both alike. PROFILE_SECONDS (default 3) per
 * throughput run. Each throughput run also prints the CPU it cost per request: this process's
 * (process.cpuUsage; on PGlite that includes the database) and, on PostgreSQL, the database's
 * backends' (their /proc/<pid>/stat) — on a 2-core machine both come out of the same budget.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { ALERTS_PER_BATCH, alertBatchBody } from './alerts.ts';
import { benchConfig, BENCH_ADMIN_TOKEN } from './config.ts';
import { freshDatabase } from './databases.ts';
import { startHikeshi } from './hikeshi-server.ts';
import { recordedStatements, recordStatements, type RecordedStatement } from './statement-recorder.ts';

recordStatements();
const recorded = recordedStatements;

const normalise = (text: string) => text.replace(/\s+/g, ' ').slice(0, 100);
const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) used so far by these processes, from /proc (gone ones count 0). */
async function processesCpuMs(pids: readonly number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function main(): Promise<void> {
  const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
  const seconds = Number(process.env['PROFILE_SECONDS'] ?? 3);
  const database = await freshDatabase(kind, benchConfig().adminDatabaseUrl);
  const { hikeshi } = await startHikeshi(database.env);
  try {
    const created = await hikeshi.server.inject({
      method: 'POST',
      url: '/api/v1/alert-sources',
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      payload: { kind: 'alertmanager', name: 'profile' },
    });
    const source = created.json<{ url: string; secret: string }>();
    const deliver = async () => {
      const response = await hikeshi.server.inject({
        method: 'POST',
        url: source.url,
        headers: { authorization: `Bearer ${source.secret}`, 'content-type': 'application/json' },
        payload: alertBatchBody().replaceAll('[<id>]', randomUUID()),
      });
      if (response.statusCode !== 200) throw new Error(`delivery answered ${response.statusCode}: ${response.body}`);
    };
    for (let i = 0; i < 10; i += 1) await deliver();
    const n = 50;
    const perRequest: { ms: number; statements: RecordedStatement[] }[] = [];
    for (let i = 0; i < n; i += 1) {
      recorded.length = 0;
      const t0 = performance.now();
      await deliver();
      await new Promise((resolve) => setImmediate(resolve));
      perRequest.push({ ms: performance.now() - t0, statements: [...recorded] });
    }
    const byText = new Map<string, { count: number; ms: number }>();
    for (const r of perRequest) {
      for (const s of r.statements) {
        const entry = byText.get(normalise(s.text)) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += s.ms;
        byText.set(normalise(s.text), entry);
      }
    }
    console.log(`${kind}: ${n} sequential deliveries of ${ALERTS_PER_BATCH} alerts (server.inject)`);
    console.log(
      `  per delivery: ${avg(perRequest.map((r) => r.ms)).toFixed(2)} ms, ${avg(perRequest.map((r) => r.statements.length)).toFixed(1)} statements, ${avg(perRequest.map((r) => r.statements.reduce((a, s) => a + s.ms, 0))).toFixed(2)} ms in statements`,
    );
    for (const [text, e] of [...byText].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`    ${(e.count / n).toFixed(1).padStart(4)} × ${(e.ms / e.count).toFixed(2).padStart(6)} ms  ${text}`);
    }
    await sql`CREATE TABLE IF NOT EXISTS profile_bare (id uuid PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(hikeshi.store.db);
    const bareInsert = async () => {
      await hikeshi.store.db
        .insertInto('profile_bare' as never)
        .values({ id: randomUUID(), title: 'bare' })
        .execute();
    };
    // The database's backends serving this process (PostgreSQL; PGlite runs inside it).
    const backendPids = async (): Promise<number[]> => {
      if (kind === 'pglite') return [];
      const result = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(hikeshi.store.db);
      return result.rows.map((row) => row.pid);
    };
    const rate = async (work: () => Promise<void>, concurrency: number) => {
      let done = 0;
      const pids = await backendPids();
      const dbBefore = await processesCpuMs(pids);
      const nodeBefore = process.cpuUsage();
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < until) {
            await work();
            done += 1;
          }
        }),
      );
      const node = process.cpuUsage(nodeBefore);
      // Connections opened during the run (the pool grows to 10) count from the ticks they used.
      const database = (await processesCpuMs([...new Set([...pids, ...(await backendPids())])])) - dbBefore;
      return { perSecond: done / seconds, nodeMs: (node.user + node.system) / 1000 / done, databaseMs: database / done };
    };
    const cpu = (r: { nodeMs: number; databaseMs: number }) =>
      kind === 'pglite' ? `node+PGlite ${r.nodeMs.toFixed(2)} ms` : `node ${r.nodeMs.toFixed(2)} ms, database ${r.databaseMs.toFixed(2)} ms`;
    for (const concurrency of [1, 10]) {
      const bare = await rate(bareInsert, concurrency);
      const deliveries = await rate(deliver, concurrency);
      console.log(
        `  ${concurrency} caller(s), ${seconds} s each: ${deliveries.perSecond.toFixed(0)} deliveries/s = ${(deliveries.perSecond * ALERTS_PER_BATCH).toFixed(0)} alerts/s; one-row inserts ${bare.perSecond.toFixed(0)}/s; ratio ${((deliveries.perSecond * ALERTS_PER_BATCH) / bare.perSecond).toFixed(2)}`,
      );
      console.log(`    CPU per delivery: ${cpu(deliveries)}; per one-row insert: ${cpu(bare)}`);
    }
  } finally {
    await hikeshi.close();
    await database.remove();
  }
}

await main();
process.exit(0);
