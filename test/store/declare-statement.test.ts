import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaybookPath, loadPlaybookFile } from '../../src/config/load-playbook.ts';
import { insertDeclaredIncident } from '../../src/store/declare-groups.ts';
import { declareJson, insertDeclaredIncidents, type DeclareRows } from '../../src/store/declare-statement.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import { PREPARED, prepareMarkedStatements } from '../../src/store/prepared.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';

/** One declare's rows: an incident with one task, event, outbox row and timer. */
const rowsFor = (id: string, versionId: string): DeclareRows => {
  const at = new Date('2026-11-26T03:00:00.000Z');
  return {
    incident: {
      id,
      workspace_id: 'default',
      title: 'Checkout fails',
      summary: '',
      impact: '',
      severity: 'SEV2',
      status: 'responding',
      platforms: ['web'],
      created_by: null,
      triggered_by_user_id: null,
      detected_at: null,
      reported_at: null,
      impact_started_at: null,
      is_private: false,
      playbook_version_id: versionId,
      declared_at: at,
      status_changed_at: at,
      created_at: at,
      updated_at: at,
    },
    memberIds: [],
    tasks: [{ id: randomUUID(), key: 'k', role: 'commander', status_scope: 'responding', title: { ja: 'タスク', en: 'Task' }, blocks: null }],
    event: { id: randomUUID(), type: 'incident.declared', actor_id: null, data: {} },
    outbox: [{ id: randomUUID(), workspaceId: 'default', topic: 'slack.open_channel', idempotencyKey: `slack.open_channel:${id}:once`, incidentId: id, payload: {}, at }],
    jobs: [
      {
        workspace_id: 'default',
        name: 'reminder.status_update',
        version: 1,
        key: `timer:${id}:status:update:1:1`,
        incident_id: id,
        payload: JSON.stringify({ incidentId: id, epoch: 1, n: 1, missed: 0 }),
        run_at: at,
        available_at: at,
      },
    ],
  };
};

/**
 * The declaring statement runs on its own, without BEGIN/COMMIT: it must be all or nothing by
 * itself, and a failed one must not take a number.
 */
describe.each(testDatabaseKinds())('the declaring statement on %s', (kind) => {
  let store: TestStore;
  let playbookVersionId: string;
  beforeAll(async () => {
    store = await openTestStore(kind);
    playbookVersionId = (await ensurePlaybookVersion(store.db, 'default', await loadPlaybookFile(defaultPlaybookPath))).id;
  });
  afterAll(() => store.dispose());

  const countRows = async (id: string) => {
    const count = async (table: 'incidents' | 'incident_tasks' | 'timeline_events' | 'outbox' | 'jobs', column: 'id' | 'incident_id') =>
      Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n);
    return [
      await count('incidents', 'id'),
      await count('incident_tasks', 'incident_id'),
      await count('timeline_events', 'incident_id'),
      await count('outbox', 'incident_id'),
      await count('jobs', 'incident_id'),
    ];
  };

  it('writes every row with the next number, and a failed statement writes none and takes no number', async () => {
    const first = randomUUID();
    const written = await insertDeclaredIncident(store.db, rowsFor(first, playbookVersionId));
    expect(await countRows(first)).toEqual([1, 1, 1, 1, 1]);

    const failed = randomUUID();
    // An unknown playbook version: the foreign key fails at the end of the statement, after
    // every insert and the counter update ran.
    await expect(insertDeclaredIncident(store.db, rowsFor(failed, randomUUID()))).rejects.toThrow(/foreign key/);
    expect(await countRows(failed)).toEqual([0, 0, 0, 0, 0]);

    const next = randomUUID();
    expect((await insertDeclaredIncident(store.db, rowsFor(next, playbookVersionId))).number).toBe(written.number + 1);
  });

  it('writes declares that arrive together in one statement, numbered consecutively in arrival order', async () => {
    const ids = Array.from({ length: 3 }, () => randomUUID());
    const rows = await insertDeclaredIncidents(store.db, ids.map((id) => declareJson(rowsFor(id, playbookVersionId))));
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.number - (rows[0]?.number ?? 0))).toEqual([0, 1, 2]);
    for (const id of ids) expect(await countRows(id)).toEqual([1, 1, 1, 1, 1]);
  });

  it('answers with each incident exactly as it was stored, every column', async () => {
    const ids = [randomUUID(), randomUUID()];
    const declares = ids.map((id) => {
      const rows = rowsFor(id, playbookVersionId);
      const at = new Date('2026-11-26T02:58:30.123Z');
      return { ...rows, incident: { ...rows.incident, summary: '決済が失敗する', platforms: ['web', 'ios'], is_private: true, detected_at: at, reported_at: at, impact_started_at: at } };
    });
    const written = await insertDeclaredIncidents(store.db, declares.map(declareJson));
    const stored = await store.db.selectFrom('incidents').selectAll().where('id', 'in', ids).orderBy('number').execute();
    expect(written).toEqual(stored);
  });

  it('writes a row several declares share once, and skips it when an earlier statement wrote it', async () => {
    const window = `slack.refresh_home:default:${randomUUID()}`;
    const day = `digest:default:${randomUUID()}`;
    const sharing = (id: string): DeclareRows => {
      const rows = rowsFor(id, playbookVersionId);
      const at = rows.incident.declared_at;
      return {
        ...rows,
        outbox: [...rows.outbox, { id: randomUUID(), workspaceId: 'default', topic: 'slack.refresh_home', idempotencyKey: window, payload: {}, at }],
        jobs: [...rows.jobs, { ...rows.jobs[0]!, name: 'follow_up.morning_digest', key: day, incident_id: null, payload: '{}' }],
      };
    };
    const countKey = async (table: 'outbox' | 'jobs', key: string) =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where(table === 'outbox' ? 'idempotency_key' : 'key', '=', key)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const ids = Array.from({ length: 3 }, () => randomUUID());
    const rows = await insertDeclaredIncidents(store.db, ids.map((id) => declareJson(sharing(id))));
    expect(rows.map((r) => r.id)).toEqual(ids);
    for (const id of ids) expect(await countRows(id)).toEqual([1, 1, 1, 1, 1]);
    expect([await countKey('outbox', window), await countKey('jobs', day)]).toEqual([1, 1]);

    const later = randomUUID();
    await insertDeclaredIncidents(store.db, [declareJson(sharing(later))]);
    expect(await countRows(later)).toEqual([1, 1, 1, 1, 1]);
    expect([await countKey('outbox', window), await countKey('jobs', day)]).toEqual([1, 1]);
  });

  it('groups concurrent declares: every one written once, numbers unique and gap-free, a bad one fails alone', async () => {
    const before = await insertDeclaredIncident(store.db, rowsFor(randomUUID(), playbookVersionId));
    const good = Array.from({ length: 24 }, () => randomUUID());
    const bad = randomUUID();
    const outcomes = await Promise.allSettled([
      ...good.slice(0, 12).map((id) => insertDeclaredIncident(store.db, rowsFor(id, playbookVersionId))),
      insertDeclaredIncident(store.db, rowsFor(bad, randomUUID())),
      ...good.slice(12).map((id) => insertDeclaredIncident(store.db, rowsFor(id, playbookVersionId))),
    ]);
    expect(outcomes[12]?.status).toBe('rejected');
    const numbers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.number] : [])).sort((a, b) => a - b);
    expect(numbers).toEqual(good.map((_, i) => before.number + 1 + i));
    expect(await countRows(bad)).toEqual([0, 0, 0, 0, 0]);
    for (const id of good) expect(await countRows(id)).toEqual([1, 1, 1, 1, 1]);
  });

  it('keeps working when a migration adds a column to incidents while the process runs (prepared on PostgreSQL)', async () => {
    const before = await insertDeclaredIncident(store.db, rowsFor(randomUUID(), playbookVersionId));
    await sql`ALTER TABLE incidents ADD COLUMN added_later text`.execute(store.db);
    try {
      const after = await insertDeclaredIncident(store.db, rowsFor(randomUUID(), playbookVersionId));
      expect(after.number).toBe(before.number + 1);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    } finally {
      await sql`ALTER TABLE incidents DROP COLUMN added_later`.execute(store.db);
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('declaring statements on PostgreSQL, with other processes', () => {
  let store: TestStore;
  /** Another process's store on the same database. */
  let second: Store;
  let playbookVersionId: string;
  let other: pg.Client;
  beforeAll(async () => {
    store = await openTestStore('postgres');
    second = await openStore({ databaseUrl: store.databaseUrl ?? '', dataDir: '', poolSize: 2 });
    playbookVersionId = (await ensurePlaybookVersion(store.db, 'default', await loadPlaybookFile(defaultPlaybookPath))).id;
    other = new pg.Client({ connectionString: store.databaseUrl ?? '' });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await second.close();
    await store.dispose();
  });

  const declare = (id: string, db = store.db) => insertDeclaredIncident(db, rowsFor(id, playbookVersionId));
  /**
   * Backends waiting for a lock (the counter row, held by `other`) on a declaring statement. A
   * transaction sees one snapshot of pg_stat_activity until it is cleared.
   */
  const waitingDeclares = async () => {
    await other.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await other.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH members AS%'`,
    );
    return Number(rows[0]?.n);
  };
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('writes every other row before it waits for the counter, so another process overlaps it', async () => {
    await other.query('BEGIN');
    try {
      await other.query(`UPDATE workspaces SET next_incident_number = next_incident_number WHERE id = 'default'`);
      const id = randomUUID();
      const written = declare(id);
      await until(async () => (await waitingDeclares()) === 1);
      // The declare already holds its outbox row (uncommitted): inserting the same key waits on it.
      await other.query(`SET LOCAL lock_timeout = '300ms'`);
      await expect(
        other.query(
          `INSERT INTO outbox (id, workspace_id, topic, idempotency_key, payload, available_at, created_at) VALUES ($1, 'default', 'slack.open_channel', $2, '{}', now(), now()) ON CONFLICT (idempotency_key) DO NOTHING`,
          [randomUUID(), `slack.open_channel:${id}:once`],
        ),
      ).rejects.toThrow(/lock timeout/);
      await other.query('ROLLBACK');
      expect((await written).id).toBe(id);
    } finally {
      await other.query('ROLLBACK');
    }
  });

  it('keeps one declaring statement per workspace in flight per process; the rest join the next one', async () => {
    await other.query('BEGIN');
    let all: Promise<{ number: number }[]> | undefined;
    try {
      const { rows } = await other.query<{ next: number }>(
        `UPDATE workspaces SET next_incident_number = next_incident_number WHERE id = 'default' RETURNING next_incident_number AS next`,
      );
      const first = declare(randomUUID());
      await until(async () => (await waitingDeclares()) === 1);
      const queued = Array.from({ length: 4 }, () => declare(randomUUID()));
      const elsewhere = declare(randomUUID(), second.db);
      await until(async () => (await waitingDeclares()) === 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // This process's first statement and the other process's one; the four wait here.
      expect(await waitingDeclares()).toBe(2);
      all = Promise.all([first, ...queued, elsewhere]);
      await other.query('COMMIT');
      const numbers = (await all).map((row) => row.number).sort((a, b) => a - b);
      const next = rows[0]?.next ?? 0;
      expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => next + i));
    } finally {
      await other.query('ROLLBACK');
      await all;
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('statements marked PREPARED on PostgreSQL', () => {
  it('are parsed once per connection, under a name derived from their text', async () => {
    const store = await openTestStore('postgres');
    const client = new pg.Client({ connectionString: store.databaseUrl ?? '' });
    await client.connect();
    try {
      prepareMarkedStatements(client as pg.PoolClient);
      const text = `${PREPARED} SELECT $1::int + 1 AS n`;
      const first = await client.query<{ n: number }>(text, [1]);
      const second = await client.query<{ n: number }>(text, [41]);
      expect([first.rows[0]?.n, second.rows[0]?.n]).toEqual([2, 42]);
      const prepared = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      expect(prepared.rows.map((row) => row.name)).toEqual([expect.stringMatching(/^hikeshi_[0-9a-f]{20}$/)]);
      await client.query('SELECT 1'); // unmarked: not prepared
      expect((await client.query('SELECT name FROM pg_prepared_statements')).rowCount).toBe(1);
    } finally {
      await client.end();
      await store.dispose();
    }
  });
});
