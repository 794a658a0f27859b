import { sql, type Kysely } from 'kysely';
import { up as migrateSummaries } from '../../src/store/migrations/011-insight-summaries.ts';
import { up as migrateFacts } from '../../src/store/migrations/017-insight-facts.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, TEST_START, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';

/**
 * Insights read each incident's status and severity changes from its change summary
 * (src/store/insight-summaries.ts), recomputed on read when the incident's version moved: the
 * figures must follow every change exactly as when they were read from the timeline.
 */

const MIN = 60_000;

interface InsightsJson {
  incidents: { total: number; reopened: number; bySeverity: Record<string, number> };
  timeInStatus: Record<string, { count: number; median: number | null }>;
  timeTo: { resolve: { count: number; median: number | null } };
}

describe.each(testDatabaseKinds())('insights from change summaries on %s', (kind) => {
  let t: TestServer;

  beforeEach(async () => {
    t = await startTestServer(kind);
    t.clock.set(TEST_START);
  });
  afterEach(async () => {
    await t.close();
  });

  async function call(method: 'GET' | 'POST', url: string, payload?: object): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await t.app.inject({ method, url, headers: t.auth(t.adminToken), ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }
  async function move(id: string, status: string): Promise<void> {
    t.clock.advance(10 * MIN);
    const r = await call('POST', `/api/v1/incidents/${id}/status`, { status });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  async function insights(): Promise<InsightsJson> {
    const to = new Date(TEST_START.getTime() + 24 * 60 * MIN).toISOString();
    const r = await call('GET', `/api/v1/insights?from=${TEST_START.toISOString()}&to=${to}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as unknown as InsightsJson;
  }
  const summaries = () =>
    t.store.db
      .selectFrom('incident_change_summaries as s')
      .innerJoin('incidents as i', 'i.id', 's.incident_id')
      .select(['s.incident_id', 's.version', 'i.version as incident_version'])
      .execute();

  it('follows status and severity changes made after a first read, and recomputes a summary that does not match its incident', async () => {
    const declared = await call('POST', '/api/v1/incidents', { title: 'Checkout errors', severity: 'SEV3', platforms: ['web'] });
    expect(declared.status).toBe(201);
    const id = declared.body['id'] as string;
    const release = await call('POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'fix' });
    expect(release.status).toBe(201);
    await move(id, 'monitoring');

    const first = await insights();
    expect(first.incidents).toMatchObject({ total: 1, reopened: 0, bySeverity: { SEV3: 1 } });
    expect(first.timeTo.resolve.count).toBe(0);
    expect((await summaries()).map((s) => s.version === s.incident_version)).toEqual([true]);

    // Raised to SEV1, reopened (monitoring → responding), then resolved: all after the first read.
    t.clock.advance(5 * MIN);
    const raised = await call('POST', `/api/v1/incidents/${id}/severity`, { severity: 'SEV1' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    await move(id, 'responding');
    await move(id, 'monitoring');
    await move(id, 'resolved');

    const second = await insights();
    expect(second.incidents).toMatchObject({ total: 1, reopened: 1, bySeverity: { SEV1: 1 } });
    expect(second.timeTo.resolve.count).toBe(1);
    expect(second.timeInStatus['monitoring']?.count).toBe(1);
    expect((await summaries()).map((s) => s.version === s.incident_version)).toEqual([true]);

    // A summary whose version does not match (e.g. written by a reader that raced a change) is recomputed.
    await sql`UPDATE incident_change_summaries SET version = version - 1, status_changes = '[]'::jsonb`.execute(t.store.db);
    expect(await insights()).toEqual(second);
    expect((await summaries()).map((s) => s.version === s.incident_version)).toEqual([true]);
  });

  it('the migration backfills the same summaries as a read computes', async () => {
    const declared = await call('POST', '/api/v1/incidents', { title: 'Search slow', severity: 'SEV2', platforms: ['web'] });
    const id = declared.body['id'] as string;
    expect((await call('POST', `/api/v1/incidents/${id}/severity`, { severity: 'SEV1' })).status).toBe(200);
    expect((await call('POST', `/api/v1/incidents/${id}/releases`, { platform: 'web', kind: 'rollback' })).status).toBe(201);
    await move(id, 'monitoring');
    await move(id, 'responding');
    const read = await insights();
    const rows = () =>
      t.store.db.selectFrom('incident_change_summaries').select(['incident_id', 'version', 'status_changes', 'severity_changes']).orderBy('incident_id').execute();
    const computed = await rows();
    expect(computed).toHaveLength(1);
    const start = TEST_START.getTime();
    expect(computed[0]).toMatchObject({
      status_changes: [
        [start + 10 * MIN, 'responding', 'monitoring'],
        [start + 20 * MIN, 'monitoring', 'responding'],
      ],
      severity_changes: [[start, 'SEV2', 'SEV1']],
    });
    await sql`DROP TABLE incident_change_summaries`.execute(t.store.db);
    await migrateSummaries(t.store.db as unknown as Kysely<unknown>);
    await migrateFacts(t.store.db as unknown as Kysely<unknown>);
    expect(await rows()).toEqual(computed);
    // The backfill keeps no facts (the domain computes them): the next read does, with the same figures.
    expect(await insights()).toEqual(read);
    const facts = await t.store.db.selectFrom('incident_change_summaries').select(['facts', 'severities', 'is_canceled']).execute();
    expect(facts).toEqual([{ facts: expect.any(String) as unknown, severities: ['SEV1', 'SEV2'], is_canceled: false }]);
  });
});
