/**
 * Whether a request's figures equal the reference's (an investigation aid, not part of `npm run bench`):
 *   npx tsx bench/compare-insights.ts [pglite|postgres]
 * Seeds the bench's year (or reuses PROFILE_DATABASE_URL, see profile-insights.ts), makes every
 * tenth incident private with one responder a member of half of those, then for the admin and
 * that responder, each filter and each bucket compares the figures of the request's path (kept
 * facts and SQL counts: fetchInsightFacts → computeFigures) with the reference path (whole
 * incidents: fetchInsightRows → computeInsights) as JSON. COMPARE_BASE=<src folder of an older
 * checkout> also compares with that code's fetchInsightRows → computeInsights.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { DEFAULT_WORKSPACE } from '../src/boot.ts';
import { computeFigures, computeInsights, localDay, severitiesAbove, type Bucket } from '../src/domain/metrics.ts';
import { fetchInsightFacts } from '../src/store/insights.ts';
import { fetchInsightRows } from '../src/store/insights-reference.ts';
import { benchConfig } from './config.ts';
import { freshDatabase } from './databases.ts';
import { startHikeshi } from './hikeshi-server.ts';
import { insightsPeriod, seedInsightsYear } from './insights.ts';

const ORDER = ['SEV1', 'SEV2', 'SEV3'];
const TIMEZONE = 'Asia/Tokyo';

interface Filters {
  severity?: string;
  service?: string;
  platform?: string;
}
type Compute = (visibleTo: string | null, filters: Filters, bucket: Bucket) => Promise<unknown>;

async function main(): Promise<void> {
  const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
  const config = benchConfig();
  const reused = process.env['PROFILE_DATABASE_URL'];
  const made = reused ? undefined : await freshDatabase(kind, config.adminDatabaseUrl);
  const { hikeshi } = await startHikeshi(made?.env ?? { DATABASE_URL: reused ?? '' });
  const db = hikeshi.store.db;
  try {
    const period = insightsPeriod(new Date());
    if (!reused) await seedInsightsYear(db, { incidents: config.insightsIncidents, events: config.insightsEvents, from: period.from }, console.log);
    const responder = await db.selectFrom('users').select('id').where('name', '=', 'Insights responder 0').executeTakeFirstOrThrow();
    await sql`UPDATE incidents SET is_private = true WHERE workspace_id = ${DEFAULT_WORKSPACE} AND number % 10 = 3`.execute(db);
    await sql`INSERT INTO incident_members (incident_id, user_id)
      SELECT id, ${responder.id}::uuid FROM incidents WHERE workspace_id = ${DEFAULT_WORKSPACE} AND number % 20 = 3
      ON CONFLICT DO NOTHING`.execute(db);
    const asOf = new Date();
    const scope = (visibleTo: string | null) => ({ workspaceId: DEFAULT_WORKSPACE, ...period, visibleTo });
    const request: Compute = async (visibleTo, f, bucket) => {
      const read = await fetchInsightFacts(db, {
        ...scope(visibleTo),
        filters: {
          severity: f.severity === undefined ? undefined : { id: f.severity, above: severitiesAbove(f.severity, ORDER) },
          service: f.service,
          platform: f.platform,
        },
        today: localDay(asOf, TIMEZONE),
      });
      return computeFigures({ ...read, severityOrder: ORDER, timezone: TIMEZONE, bucket, asOf });
    };
    const reference: Compute = async (visibleTo, filters, bucket) =>
      computeInsights({ ...(await fetchInsightRows(db, scope(visibleTo))), severityOrder: ORDER, timezone: TIMEZONE, bucket, asOf, filters });
    const paths: [string, Compute][] = [['reference', reference]];
    const base = process.env['COMPARE_BASE'];
    if (base) {
      type Rows = (d: typeof db, q: ReturnType<typeof scope>) => Promise<Parameters<typeof computeInsights>[0]>;
      const store = (await import(`${base}/store/insights.ts`)) as { fetchInsightRows: Rows };
      const domain = (await import(`${base}/domain/metrics.ts`)) as { computeInsights: typeof computeInsights };
      paths.push([
        `base (${base})`,
        async (visibleTo, filters, bucket) =>
          domain.computeInsights({ ...(await store.fetchInsightRows(db, scope(visibleTo))), severityOrder: ORDER, timezone: TIMEZONE, bucket, asOf, filters }),
      ]);
    }
    const filterCases: Filters[] = [
      {},
      { severity: 'SEV1' },
      { severity: 'SEV2' },
      { severity: 'SEV3' },
      { service: 'svc-1' },
      { platform: 'ios' },
      { severity: 'SEV2', service: 'svc-4', platform: 'web' },
    ];
    let differences = 0;
    for (const [viewer, visibleTo] of [['admin', null], ['responder', responder.id]] as const) {
      for (const filters of filterCases) {
        for (const bucket of ['week', 'day', 'month'] as const) {
          const fast = JSON.stringify(await request(visibleTo, filters, bucket));
          for (const [name, compute] of paths) {
            const other = JSON.stringify(await compute(visibleTo, filters, bucket));
            const same = fast === other;
            if (!same) differences += 1;
            const total = (JSON.parse(fast) as { incidents: { total: number } }).incidents.total;
            console.log(`${same ? 'same' : 'DIFFERENT'}  ${viewer} ${JSON.stringify(filters)} ${bucket} vs ${name}: ${total} incidents`);
            if (!same && !isDeepStrictEqual(JSON.parse(fast), JSON.parse(other))) console.log(`  request: ${fast.slice(0, 600)}\n  ${name}: ${other.slice(0, 600)}`);
          }
        }
      }
    }
    console.log(differences === 0 ? 'all the same' : `${differences} different`);
    process.exitCode = differences === 0 ? 0 : 1;
  } finally {
    await hikeshi.close();
    await made?.remove();
  }
}

await main();
