import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withReceipts } from '../../src/store/alerts.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { createSource, deliver, reportsOf, type Json, type Source } from './support.ts';

/**
 * Deliveries of one source sent all at once (docs/alerts.md, "Concurrency"): on PostgreSQL they
 * run side by side on the pool and race on the same fingerprints and groups; the totals must be
 * exactly those of running them one after the other.
 */

type Status = 'firing' | 'resolved';

function amDelivery(alerts: readonly (readonly [string, string, Status])[], startsAt: string): Json {
  return {
    version: '4',
    groupKey: '{}:{}',
    receiver: 'hikeshi',
    status: alerts.some((a) => a[2] === 'firing') ? 'firing' : 'resolved',
    alerts: alerts.map(([fingerprint, service, status]) => ({
      status,
      labels: { alertname: `Alert ${fingerprint}`, service, severity: 'warning' },
      annotations: { summary: `Alert ${fingerprint}` },
      startsAt,
      endsAt: status === 'resolved' ? '2025-04-01T00:00:00Z' : '0001-01-01T00:00:00Z',
      fingerprint,
    })),
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test',
  };
}

interface Counts {
  opened: number;
  repeated: number;
  resolved: number;
  ignored: number;
  reports: number;
}

const SERVICES = Array.from({ length: 10 }, (_, i) => `svc-${i}`);
/** 10 fingerprints per service. */
const FINGERPRINTS = SERVICES.flatMap((service) => Array.from({ length: 10 }, (_, j) => [`${service}-fp-${j}`, service] as const));

describe.each(testDatabaseKinds())('concurrent deliveries of one source on %s', (kind) => {
  let server: TestServer;
  let source: Source;

  beforeEach(async () => {
    server = await startTestServer(kind);
    source = await createSource(server, 'alertmanager');
  });
  afterEach(async () => {
    await server.close();
  });

  /** Accepted deliveries as the sources API shows them (the source row plus its receipt slots). */
  const acceptedOf = async (id: string): Promise<number> => {
    const row = await server.store.db.selectFrom('alert_sources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return Number((await withReceipts(server.store.db, [row]))[0]?.accepted_count);
  };

  /** Sends every delivery at once and sums their answers. */
  async function allAtOnce(deliveries: Json[]): Promise<Counts> {
    const answers = await Promise.all(deliveries.map((d) => deliver(server, source, d)));
    const sum: Counts = { opened: 0, repeated: 0, resolved: 0, ignored: 0, reports: 0 };
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      sum.opened += answer.body['opened'] as number;
      sum.repeated += answer.body['repeated'] as number;
      sum.resolved += answer.body['resolved'] as number;
      sum.ignored += answer.body['ignored'] as number;
      sum.reports += (answer.body['reportIds'] as string[]).length;
    }
    return sum;
  }

  async function alertTotals(): Promise<{ rows: number; firing: number; count: number; doubleOpen: number }> {
    const result = await sql<{ rows: string | number; firing: string | number; count: string | number; double_open: string | number }>`
      SELECT count(*) AS rows, count(*) FILTER (WHERE status = 'firing') AS firing, coalesce(sum(count), 0) AS count,
        (SELECT count(*) FROM (SELECT fingerprint FROM alerts WHERE status = 'firing' GROUP BY source_id, fingerprint HAVING count(*) > 1) d) AS double_open
      FROM alerts`.execute(server.store.db);
    const row = result.rows[0];
    return { rows: Number(row?.rows), firing: Number(row?.firing), count: Number(row?.count), doubleOpen: Number(row?.double_open) };
  }

  /** Each monitoring report with the distinct services of its alerts. */
  async function reportServices(): Promise<Map<string, string[]>> {
    const rows = await server.store.db
      .selectFrom('alerts')
      .select(['report_id', 'service'])
      .distinct()
      .where('report_id', 'is not', null)
      .execute();
    const byReport = new Map<string, string[]>();
    for (const row of rows) byReport.set(row.report_id ?? '', [...(byReport.get(row.report_id ?? '') ?? []), row.service ?? '']);
    return byReport;
  }

  it('overlapping fingerprints and groups: one alert per fingerprint, one report per group, exact counts, through resolves and new episodes', async () => {
    // 1. 24 deliveries of 50 firing alerts each, at rotating offsets over 100 fingerprints in 10 groups.
    const firstStart = '2025-03-31T23:50:00Z';
    const fired = await allAtOnce(
      Array.from({ length: 24 }, (_, d) =>
        amDelivery(Array.from({ length: 50 }, (_, k) => [...FINGERPRINTS[(d * 17 + k) % FINGERPRINTS.length]!, 'firing'] as const), firstStart),
      ),
    );
    expect(fired).toEqual({ opened: 100, repeated: 24 * 50 - 100, resolved: 0, ignored: 0, reports: 10 });
    expect(await alertTotals()).toEqual({ rows: 100, firing: 100, count: 1200, doubleOpen: 0 });
    const reports = await reportsOf(server);
    expect(reports).toHaveLength(10);
    const services = await reportServices();
    expect(services.size).toBe(10);
    for (const list of services.values()) expect(list).toHaveLength(1);
    const groups = await server.store.db.selectFrom('alert_groups').select(['group_key', 'report_id']).execute();
    expect(groups).toHaveLength(10);
    expect(new Set(groups.map((g) => g.report_id)).size).toBe(10);
    expect(await acceptedOf(source.id)).toBe(24);

    // 2. 12 deliveries each resolving svc-0…svc-4's 50 fingerprints, and repeating 10 of svc-5…svc-9's.
    const resolvable = FINGERPRINTS.filter(([, service]) => Number(service.slice(4)) < 5);
    const others = FINGERPRINTS.filter(([, service]) => Number(service.slice(4)) >= 5);
    const mixed = await allAtOnce(
      Array.from({ length: 12 }, (_, d) =>
        amDelivery(
          [
            ...resolvable.map(([fp, service]) => [fp, service, 'resolved'] as const),
            ...Array.from({ length: 10 }, (_, k) => [...others[(d * 7 + k) % others.length]!, 'firing'] as const),
          ],
          firstStart,
        ),
      ),
    );
    expect(mixed).toEqual({ opened: 0, repeated: 120, resolved: 50, ignored: 12 * 50 - 50, reports: 0 });
    expect(await alertTotals()).toEqual({ rows: 100, firing: 50, count: 1320, doubleOpen: 0 });

    // 3. A new episode of the resolved fingerprints (a later start), 8 deliveries at once: one new row each, same reports.
    server.clock.advance(5 * 60_000);
    const episodes = await allAtOnce(
      Array.from({ length: 8 }, (_, d) =>
        amDelivery(Array.from({ length: 25 }, (_, k) => [...resolvable[(d * 11 + k) % resolvable.length]!, 'firing'] as const), '2025-04-01T00:04:00Z'),
      ),
    );
    expect(episodes).toEqual({ opened: 50, repeated: 8 * 25 - 50, resolved: 0, ignored: 0, reports: 0 });
    expect(await alertTotals()).toEqual({ rows: 150, firing: 100, count: 1320 + 200, doubleOpen: 0 });
    expect(await reportsOf(server)).toHaveLength(10);

    // 4. After the grouping window: 10 deliveries of new fingerprints in svc-0 open exactly one new report.
    server.clock.advance(2 * 60 * 60_000);
    const late = await allAtOnce(
      Array.from({ length: 10 }, (_, d) => amDelivery(Array.from({ length: 5 }, (_, k) => [`late-${d}-${k}`, 'svc-0', 'firing'] as const), '2025-04-01T02:00:00Z')),
    );
    expect(late).toEqual({ opened: 50, repeated: 0, resolved: 0, ignored: 0, reports: 1 });
    expect(await reportsOf(server)).toHaveLength(11);
    const lateReports = await server.store.db.selectFrom('alerts').select('report_id').distinct().where('fingerprint', 'like', 'late-%').execute();
    expect(lateReports).toHaveLength(1);
    const group = await server.store.db.selectFrom('alert_groups').select('report_id').where('group_key', '=', 'service=svc-0').executeTakeFirstOrThrow();
    expect(group.report_id).toBe(lateReports[0]?.report_id);
    expect(await acceptedOf(source.id)).toBe(24 + 12 + 8 + 10);
  });
});
