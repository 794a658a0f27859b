import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIngestState, writeIngest, writesOneStatement, type IngestWrite, type NewAlertRow } from '../../src/store/alert-ingest.ts';
import { insertAlertSource, newSourceSecret } from '../../src/store/alerts.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';

/**
 * A delivery's last statement runs on its own, without BEGIN/COMMIT, when it is all the delivery
 * writes: a compare-and-set condition that fails must fail the statement itself, so that none of
 * its parts (counter, repeats, new alerts, groups) commits.
 */
describe.each(testDatabaseKinds())('the alert delivery statement on %s', (kind) => {
  let store: TestStore;
  let sourceId: string;
  const at = new Date('2026-12-06T00:00:00.000Z');
  beforeAll(async () => {
    store = await openTestStore(kind);
    sourceId = randomUUID();
    const { hash, prefix } = newSourceSecret();
    await insertAlertSource(store.db, {
      id: sourceId,
      workspace_id: 'default',
      kind: 'alertmanager',
      name: 'statement test',
      secret_hash: hash,
      secret_prefix: prefix,
      signing_secret: null,
      created_by: null,
      created_at: at,
    });
  });
  afterAll(() => store.dispose());

  const newAlert = (fingerprint: string): NewAlertRow => ({
    id: randomUUID(),
    fingerprint,
    status: 'firing',
    title: fingerprint,
    description: '',
    labels: { service: 'checkout' },
    service: 'checkout',
    platform: null,
    severity: null,
    groupKey: 'service=checkout',
    link: null,
    startsAt: at,
    resolvedAt: null,
    acknowledgedAt: null,
    count: 1,
    reportId: null,
    incidentId: null,
  });

  const write = (over: Partial<IngestWrite>): IngestWrite => ({
    workspaceId: 'default',
    sourceId,
    now: at,
    alertChanges: [],
    newAlerts: [],
    groups: [],
    detectedAt: [],
    ...over,
  });

  const snapshot = async () => {
    const alerts = await store.db.selectFrom('alerts').select(['fingerprint', 'count']).where('source_id', '=', sourceId).orderBy('fingerprint').execute();
    const received = await sql<{ n: string | number }>`SELECT coalesce(sum(accepted_count), 0) AS n FROM alert_source_receipts WHERE source_id = ${sourceId}`.execute(store.db);
    const groups = await store.db.selectFrom('alert_groups').select(['group_key', 'last_alert_at']).where('workspace_id', '=', 'default').execute();
    return { alerts, received: Number(received.rows[0]?.n ?? 0), groups: groups.length };
  };

  it('writes a whole delivery, and one whose condition failed writes nothing', async () => {
    const first = await writeIngest(
      store.db,
      write({
        newAlerts: [newAlert('a')],
        groups: [{ key: 'service=checkout', exists: false, expectedReportId: null, expectedIncidentId: null, reportId: null, incidentId: null, openedAt: null }],
      }),
    );
    expect(first.ok).toBe(true);
    const state = await readIngestState(store.db, { workspaceId: 'default', sourceId, fingerprints: ['a', 'b'], groupKeys: ['service=checkout'] });
    const open = state.alerts.get('a');
    expect([open?.status, state.alerts.has('b'), state.groups.get('service=checkout')?.storedReportId]).toEqual(['firing', false, null]);
    const before = await snapshot();
    expect(before).toEqual({ alerts: [{ fingerprint: 'a', count: 1 }], received: 1, groups: 1 });

    // A repeat of `a`, a new `b`, and the group as if another delivery had not opened a report
    // for it meanwhile: the group's condition fails (it was read as not existing), so the repeat,
    // the new alert and the receipt are not written either.
    const raced = write({
      now: new Date(at.getTime() + 60_000),
      alertChanges: [{ id: open?.id ?? '', repeats: 1, acknowledge: false, resolvedAt: null }],
      newAlerts: [newAlert('b')],
      groups: [{ key: 'service=checkout', exists: false, expectedReportId: null, expectedIncidentId: null, reportId: null, incidentId: null, openedAt: null }],
    });
    expect(writesOneStatement(raced)).toBe(true);
    const outcome = await writeIngest(store.db, raced);
    expect(outcome).toEqual({ ok: false, expected: { groups: 1, changed: 1, inserted: 1 }, actual: { groups: 0, changed: 1, inserted: 1 } });
    expect(await snapshot()).toEqual(before);

    // Read again, the same delivery holds.
    const retried = await writeIngest(store.db, { ...raced, groups: [{ ...raced.groups[0]!, exists: true }] });
    expect(retried.ok).toBe(true);
    expect(await snapshot()).toMatchObject({ alerts: [{ fingerprint: 'a', count: 2 }, { fingerprint: 'b', count: 1 }], received: 2 });
  });
});
