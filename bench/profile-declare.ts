/**
 * Where a declare's time goes (an investigation aid, not part of `npm run bench`):
 *   npx tsx bench/profile-declare.ts [pglite|postgres]
 * Boots hikeshi on a throwaway database, counts and times every SQL statement of sequential
 * declares (server.inject, no HTTP), and measures how long the workspace row lock (taken by the
 * incident-number UPDATE) is held until COMMIT — the part of a declare that cannot overlap another.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { benchConfig, BENCH_ADMIN_TOKEN } from './config.ts';
import { freshDatabase } from './databases.ts';
import { startHikeshi } from './hikeshi-server.ts';
import { recordedStatements, recordStatements, type RecordedStatement } from './statement-recorder.ts';

recordStatements();
const recorded = recordedStatements;

const normalise = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\(\$\d+(, \$\d+)*\)/g, '(…)')
    .slice(0, 90);

async function main(): Promise<void> {
  const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
  const config = benchConfig();
  const database = await freshDatabase(kind, config.adminDatabaseUrl);
  const { hikeshi } = await startHikeshi(database.env);
  try {
    const declare = () =>
      hikeshi.server.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: {
          authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
          'content-type': 'application/json',
        },
        payload: { title: 'profile', severity: 'SEV3', platforms: ['web'] },
      });
    for (let i = 0; i < 10; i += 1) await declare();
    const n = 50;
    const perRequest: { ms: number; statements: RecordedStatement[] }[] = [];
    for (let i = 0; i < n; i += 1) {
      recorded.length = 0;
      const t0 = performance.now();
      const response = await declare();
      if (response.statusCode !== 201)
        throw new Error(`declare answered ${response.statusCode}: ${response.body}`);
      await new Promise((resolve) => setImmediate(resolve));
      perRequest.push({ ms: performance.now() - t0, statements: [...recorded] });
    }
    const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const byText = new Map<string, { count: number; ms: number }>();
    for (const r of perRequest) {
      for (const s of r.statements) {
        const key = normalise(s.text);
        const entry = byText.get(key) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += s.ms;
        byText.set(key, entry);
      }
    }
    // Declares in a transaction: from the counter UPDATE to COMMIT done. A declare run as one
    // statement without BEGIN/COMMIT (the usual case) holds the counter only while that runs.
    const lockHeld = perRequest.map((r) => {
      const update = r.statements.find((s) => /update "?workspaces"?/i.test(s.text));
      const commit = r.statements.find((s) => /^commit/i.test(s.text.trim()));
      if (update && !commit && r.statements.length === 1) return update.ms;
      return update && commit ? commit.start + commit.ms - update.start : Number.NaN;
    });
    console.log(`${kind}: ${n} sequential declares (server.inject)`);
    console.log(
      `  per declare: ${avg(perRequest.map((r) => r.ms)).toFixed(2)} ms, ${avg(perRequest.map((r) => r.statements.length)).toFixed(1)} statements, ${avg(perRequest.map((r) => r.statements.reduce((a, s) => a + s.ms, 0))).toFixed(2)} ms in statements`,
    );
    console.log(
      `  workspace row lock held (its UPDATE → COMMIT done, or the one statement): ${avg(lockHeld.filter((v) => !Number.isNaN(v))).toFixed(2)} ms`,
    );
    console.log('  statements per declare (count, ms each on average):');
    for (const [text, e] of [...byText].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(
        `    ${(e.count / n).toFixed(1).padStart(4)} × ${(e.ms / e.count).toFixed(2).padStart(6)} ms  ${text}`,
      );
    }
    // The baseline's statement on the same database and connection, for scale: one row, autocommit.
    await sql`CREATE TABLE IF NOT EXISTS profile_bare (id uuid PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(
      hikeshi.store.db,
    );
    const bareMs: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t0 = performance.now();
      await hikeshi.store.db
        .insertInto('profile_bare' as never)
        .values({ id: randomUUID(), title: 'bare' })
        .execute();
      bareMs.push(performance.now() - t0);
    }
    const declareStatementMs = avg(
      perRequest.map((r) => r.statements.reduce((a, s) => a + s.ms, 0)),
    );
    console.log(
      `  the bare route's one-row insert: ${avg(bareMs).toFixed(2)} ms; a declare's statements cost ${(declareStatementMs / avg(bareMs)).toFixed(1)} of them`,
    );
    // Throughput with concurrency, to see whether declares overlap at all.
    for (const concurrency of [1, 10]) {
      let done = 0;
      const until = performance.now() + 3_000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < until) {
            await declare();
            done += 1;
          }
        }),
      );
      console.log(
        `  ${concurrency} concurrent (in-process inject, 3 s): ${(done / 3).toFixed(0)} declares/s`,
      );
    }
  } finally {
    await hikeshi.close();
    await database.remove();
  }
}

await main();
process.exit(0);
