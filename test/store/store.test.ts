import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { migrations } from '../../src/store/migrations/index.ts';

import { AsyncMutex, PGliteDialect } from '../../src/store/pglite-dialect.ts';
import type { Database } from '../../src/store/schema.ts';
import {
  createEmptyPostgresDatabase,
  openTestStore,
  testDatabaseKinds,
  type TestStore,
} from '../support/test-store.ts';

/** Every migration in order (the list each new migration file is added to). */
const ALL_MIGRATIONS = Object.keys(migrations);

/** Tables the migrations create (later migrations may add more). */
const CORE_TABLES = [
  'actions',
  'api_tokens',
  'decisions',
  'improvement_tickets',
  'incident_members',
  'incident_tasks',
  'incidents',
  'jobs',
  'slack_channels',
  'slack_messages',
  'kysely_migration',
  'kysely_migration_lock',
  'outbox',
  'playbook_versions',
  'postmortem_sections',
  'postmortems',
  'releases',
  'reports',
  'role_assignments',
  'timeline_events',
  'users',
  'workspaces',
];

describe('AsyncMutex', () => {
  it('grants the lock in the order it was asked for', async () => {
    const mutex = new AsyncMutex();
    const order: string[] = [];
    const task = (name: string, ms: number) =>
      mutex.runExclusive(async () => {
        order.push(`${name}:start`);
        await sleep(ms);
        order.push(`${name}:end`);
      });
    await Promise.all([task('a', 15), task('b', 0), task('c', 5)]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(mutex.isLocked).toBe(false);
  });

  it('releases the lock when the work throws', async () => {
    const mutex = new AsyncMutex();
    await expect(mutex.runExclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(mutex.isLocked).toBe(false);
    expect(await mutex.runExclusive(() => Promise.resolve('next'))).toBe('next');
  });
});

describe('openStore errors', () => {
  it('says which server it could not reach, without credentials', async () => {
    await expect(
      openStore({ databaseUrl: 'postgres://someone:secret@127.0.0.1:1/nowhere', dataDir: '' }),
    ).rejects.toMatchObject({
      message:
        'Cannot connect to DATABASE_URL (127.0.0.1:1/nowhere): connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('refuses a non-empty directory that holds no database, and leaves no lock behind', async () => {
    const dataDir = path.join(inject('testRoot'), `not-a-db-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(path.join(dataDir, 'notes.txt'), 'mine');
    try {
      await expect(openStore({ dataDir })).rejects.toMatchObject({
        message: `HIKESHI_DATA_DIR ${dataDir} is not empty and holds no database (no PG_VERSION); use an empty or new directory`,
      });
      expect((await fs.readdir(dataDir)).sort()).toEqual(['notes.txt']);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabaseKinds())('store on %s', (kind) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(kind);
  });

  afterAll(async () => {
    await store?.dispose();
  });

  it('is opened as the expected kind with every migration applied', async () => {
    expect(store.kind).toBe(kind);
    expect(await migrateToLatest(store.db)).toEqual({ applied: [] });
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(store.db);
    expect(applied.rows).toEqual(ALL_MIGRATIONS.map((name) => ({ name })));
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' order by table_name`.execute(store.db);
    expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(CORE_TABLES));
  });

  it('names the failed migration and applies nothing of the run', async () => {
    const broken = {
      ...migrations,
      '999-broken': {
        up: async (db: Kysely<unknown>) => {
          await sql`create table should_not_exist (id int)`.execute(db);
          await sql`select 1 / 0`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(store.db, broken)).rejects.toMatchObject({
      message:
        'Migration 999-broken failed: division by zero. Nothing was applied (pending, rolled back together: 999-broken)',
    });
    const leftover = await sql<{ n: number }>`
      select count(*) as n from information_schema.tables where table_name = 'should_not_exist'`.execute(
      store.db,
    );
    expect(leftover.rows).toEqual([{ n: 0 }]);
  });

  it('keeps a committed transaction and drops a rolled-back one', async () => {
    const committed = workspaceId();
    const rolledBack = workspaceId();
    await store.db
      .transaction()
      .execute((trx) =>
        trx.insertInto('workspaces').values({ id: committed, name: 'c' }).execute(),
      );
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.insertInto('workspaces').values({ id: rolledBack, name: 'r' }).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await store.db
      .selectFrom('workspaces')
      .select('id')
      .where('id', 'in', [committed, rolledBack])
      .execute();
    expect(rows).toEqual([{ id: committed }]);
  });

  it('does not let a statement issued outside a transaction fall into it', async () => {
    const insideId = workspaceId();
    const outsideId = workspaceId();
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let markInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (markInserted = resolve));
    const failing = store.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values({ id: insideId, name: 'inside' }).execute();
      markInserted();
      await gate;
      throw new Error('abort');
    });
    await inserted;
    // On PGlite this waits for the transaction; it must not run inside it and share its rollback.
    const outside = store.db
      .insertInto('workspaces')
      .values({ id: outsideId, name: 'outside' })
      .execute();
    openGate();
    await expect(failing).rejects.toThrow('abort');
    await outside;
    const rows = await store.db
      .selectFrom('workspaces')
      .select('id')
      .where('id', 'in', [insideId, outsideId])
      .execute();
    expect(rows).toEqual([{ id: outsideId }]);
  });

  it.runIf(kind === 'pglite')('runs concurrent transactions one after the other', async () => {
    const id = workspaceId();
    await store.db.insertInto('workspaces').values({ id, name: 'counter' }).execute();
    const log: string[] = [];
    const bump = (name: string) =>
      store.db.transaction().execute(async (trx) => {
        log.push(`${name}:begin`);
        const row = await trx
          .selectFrom('workspaces')
          .select('next_incident_number')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        await sleep(10);
        await trx
          .updateTable('workspaces')
          .set({ next_incident_number: row.next_incident_number + 1 })
          .where('id', '=', id)
          .execute();
        log.push(`${name}:commit`);
      });
    await Promise.all([bump('a'), bump('b'), bump('c'), bump('d')]);
    expect(log).toEqual([
      'a:begin',
      'a:commit',
      'b:begin',
      'b:commit',
      'c:begin',
      'c:commit',
      'd:begin',
      'd:commit',
    ]);
    const row = await store.db
      .selectFrom('workspaces')
      .select('next_incident_number')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row).toEqual({ next_incident_number: 5 });
  });

  it('reports an aborted transaction instead of pretending it committed', async () => {
    const id = workspaceId();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx.insertInto('workspaces').values({ id, name: 'x' }).execute();
        await sql`select 1 / 0`.execute(trx).catch(() => undefined);
      }),
    ).rejects.toThrow('Transaction was rolled back instead of committed');
    expect(
      await store.db.selectFrom('workspaces').select('id').where('id', '=', id).execute(),
    ).toEqual([]);
    // The session is free and healthy afterwards.
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([
      { one: 1 },
    ]);
  });

  it('rolls back to a savepoint', async () => {
    const kept = workspaceId();
    const undone = workspaceId();
    const trx = await store.db.startTransaction().execute();
    await trx.insertInto('workspaces').values({ id: kept, name: 'kept' }).execute();
    const inner = await trx.savepoint('inner').execute();
    await inner.insertInto('workspaces').values({ id: undone, name: 'undone' }).execute();
    await inner.rollbackToSavepoint('inner').execute();
    await trx.commit().execute();
    const rows = await store.db
      .selectFrom('workspaces')
      .select('id')
      .where('id', 'in', [kept, undone])
      .execute();
    expect(rows).toEqual([{ id: kept }]);
  });

  it('returns int8, numeric and date in the same JS shapes', async () => {
    const result = await sql<Record<string, unknown>>`
      select count(*) as n, 12345678901::int8 as big, 2.5::numeric as ratio, '2024-02-29'::date as day,
             array[1::int8, 2] as bigs, array['2024-02-29'::date, null] as days,
             '2024-02-29T10:00:00Z'::timestamptz as at
      from workspaces where id = 'default'`.execute(store.db);
    expect(result.rows).toEqual([
      {
        n: 1,
        big: 12345678901,
        ratio: 2.5,
        day: '2024-02-29',
        bigs: [1, 2],
        days: ['2024-02-29', null],
        at: new Date('2024-02-29T10:00:00Z'),
      },
    ]);
    const counted = await store.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    expect(counted).toEqual({ n: 1 });
  });

  it('round-trips a date column as YYYY-MM-DD and a bigint identity as a number', async () => {
    const { incidentId, userId } = await createIncident(store.db);
    const now = new Date('2025-01-02T03:04:05.678Z');
    await store.db
      .insertInto('actions')
      .values({
        id: randomUUID(),
        workspace_id: 'default',
        incident_id: incidentId,
        title: 'add an alert',
        owner_id: userId,
        due_date: '2025-03-31',
        priority: 'high',
        status: 'open',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const action = await store.db
      .selectFrom('actions')
      .select(['due_date', 'created_at'])
      .where('incident_id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(action).toEqual({ due_date: '2025-03-31', created_at: now });
    const event = await store.db
      .insertInto('timeline_events')
      .values({
        id: randomUUID(),
        workspace_id: 'default',
        type: 'test.seq',
        occurred_at: now,
        data: '{"a":1}',
      })
      .returning(['seq', 'data'])
      .executeTakeFirstOrThrow();
    expect(typeof event.seq).toBe('number');
    expect(event.data).toEqual({ a: 1 });
  });

  it('counts affected rows of INSERT, UPDATE and DELETE', async () => {
    const id = workspaceId();
    const inserted = await store.db
      .insertInto('workspaces')
      .values({ id, name: 'n' })
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(1n);
    const updated = await store.db
      .updateTable('workspaces')
      .set({ name: 'm' })
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await store.db
      .deleteFrom('workspaces')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(deleted.numDeletedRows).toBe(1n);
  });

  it('refuses UPDATE and DELETE on timeline_events', async () => {
    const id = randomUUID();
    const occurredAt = new Date('2025-01-01T00:00:00Z');
    await store.db
      .insertInto('timeline_events')
      .values({
        id,
        workspace_id: 'default',
        type: 'test.created',
        occurred_at: occurredAt,
        data: '{}',
      })
      .execute();
    const refusal = { code: '23001', message: 'timeline_events is append-only' };
    await expect(
      store.db
        .updateTable('timeline_events')
        .set({ type: 'test.changed' })
        .where('id', '=', id)
        .execute(),
    ).rejects.toMatchObject(refusal);
    await expect(
      store.db.deleteFrom('timeline_events').where('id', '=', id).execute(),
    ).rejects.toMatchObject(refusal);
    const row = await store.db
      .selectFrom('timeline_events')
      .select(['type'])
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row).toEqual({ type: 'test.created' });
  });

  it('delivers NOTIFY from committed transactions only', async () => {
    const channel = `hikeshi_test_${kind}`;
    const received: string[] = [];
    const last = deferred();
    const unlisten = await store.listen(channel, (payload) => {
      received.push(payload);
      if (payload === 'last') last.resolve();
    });
    await store.db.transaction().execute(async (trx) => {
      await sql`select pg_notify(${channel}, 'committed')`.execute(trx);
    });
    await expect(
      store.db.transaction().execute(async (trx) => {
        await sql`select pg_notify(${channel}, 'rolled back')`.execute(trx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // Notifications arrive in commit order: once 'last' is here, anything before it would be too.
    await sql`select pg_notify(${channel}, 'last')`.execute(store.db);
    await last.promise;
    expect(received).toEqual(['committed', 'last']);
    await unlisten();
  });

  it('stops delivering to a subscriber that unsubscribed, and only to it', async () => {
    const channel = 'hikeshi_unlisten';
    const first: string[] = [];
    const second: string[] = [];
    const firstGotOne = deferred();
    const secondGotTwo = deferred();
    const unlistenFirst = await store.listen(channel, (payload) => {
      first.push(payload);
      firstGotOne.resolve();
    });
    const unlistenSecond = await store.listen(channel, (payload) => {
      second.push(payload);
      if (payload === 'two') secondGotTwo.resolve();
    });
    await sql`select pg_notify(${channel}, 'one')`.execute(store.db);
    await firstGotOne.promise;
    await unlistenFirst();
    await sql`select pg_notify(${channel}, 'two')`.execute(store.db);
    await secondGotTwo.promise;
    expect({ first, second }).toEqual({ first: ['one'], second: ['one', 'two'] });
    await unlistenSecond();
  });

  it('rejects channel names that are not lowercase identifiers', async () => {
    await expect(store.listen('Bad-Channel', () => undefined)).rejects.toThrow(
      "Invalid NOTIFY channel 'Bad-Channel': use lowercase letters, digits and _ (at most 63)",
    );
  });

  it.runIf(kind === 'postgres')('listens again after its connection is dropped', async () => {
    const channel = 'hikeshi_reconnect';
    const received: string[] = [];
    const got = deferred();
    const unlisten = await store.listen(channel, (payload) => {
      received.push(payload);
      got.resolve();
    });
    const listenerPids = async () =>
      (
        await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = current_database() and query = ${`LISTEN "${channel}"`}`.execute(store.db)
      ).rows.map((row) => row.pid);
    const [before] = await listenerPids();
    expect(before).toEqual(expect.any(Number));
    await sql`select pg_terminate_backend(${before})`.execute(store.db);
    await waitUntil(async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids[0] !== before;
    });
    await sql`select pg_notify(${channel}, 'after reconnect')`.execute(store.db);
    await got.promise;
    expect(received).toEqual(['after reconnect']);
    await unlisten();
  });

  it.runIf(kind === 'pglite')('refuses a second open of a data dir in use', async () => {
    const dataDir = requireValue(store.dataDir);
    await expect(openStore({ dataDir })).rejects.toMatchObject({
      message: `HIKESHI_DATA_DIR ${dataDir} is in use by process ${process.pid}; stop it or use the API`,
    });
    // The refused attempt left the owner's lock and database alone.
    expect(await fs.readFile(path.join(dataDir, 'hikeshi.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([
      { one: 1 },
    ]);
  });

  it.runIf(kind === 'pglite')(
    'takes over a lock left by a dead process and removes it on close',
    async () => {
      const other = await openTestStore('pglite');
      try {
        const dataDir = requireValue(other.dataDir);
        const lockPath = path.join(dataDir, 'hikeshi.lock');
        await other.close();
        await expect(fs.access(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
        await fs.writeFile(lockPath, `${await deadPid()}\n`);
        const reopened = await openStore({ dataDir, pgliteSharedBuffers: '16MB' });
        expect(await fs.readFile(lockPath, 'utf8')).toBe(`${process.pid}\n`);
        const count = await reopened.db
          .selectFrom('workspaces')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst();
        expect(count).toEqual({ n: 1 });
        await reopened.close();
        await expect(fs.access(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
      } finally {
        await other.dispose();
      }
    },
  );

  it('refuses a transaction object after its transaction ended', async () => {
    let leaked: Transaction<Database> | undefined;
    await store.db.transaction().execute(async (trx) => {
      leaked = trx;
      await Promise.resolve();
    });
    await expect(
      requireValue(leaked).selectFrom('workspaces').selectAll().execute(),
    ).rejects.toThrow('Transaction is already committed');
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([
      { one: 1 },
    ]);
  });

  it.runIf(kind === 'pglite')('refuses to stream, and the session stays usable', async () => {
    const stream = async () => {
      for await (const row of store.db.selectFrom('workspaces').selectAll().stream()) void row;
    };
    await expect(stream()).rejects.toThrow(
      'PGlite dialect: streaming (.stream()) is not supported; paginate with LIMIT/keyset instead',
    );
    expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([
      { one: 1 },
    ]);
  });

  it.runIf(kind === 'pglite')(
    'warns when a query waits on the session as the deadlock trap does',
    async () => {
      const other = await openTestStore('pglite');
      await other.close(); // free the dir for a PGlite of our own with a short warning delay
      const pglite = await PGlite.create(requireValue(other.dataDir), {
        startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
      });
      const db = new Kysely<Database>({
        dialect: new PGliteDialect({ pglite, slowLockWarningMs: 50 }),
      });
      try {
        const warning = new Promise<Error>((resolve) => process.once('warning', resolve));
        let outer: Promise<unknown> | undefined;
        await db.transaction().execute(async () => {
          outer = db.selectFrom('workspaces').select('id').execute(); // the mistake: `db`, not `trx`
          expect(await warning).toMatchObject({
            name: 'PGliteLockWarning',
            message:
              'A query has waited 50 ms for the PGlite session. If it runs on the outer `db` inside a ' +
              'transaction, it waits for that transaction forever: inside db.transaction() use only `trx`.',
          });
        });
        // Once the transaction ends, the queued query runs.
        expect(await outer).toEqual([{ id: 'default' }]);
      } finally {
        await db.destroy();
        await pglite.close();
        await other.dispose();
      }
    },
  );

  it.runIf(kind === 'postgres')(
    'migrates one empty database from three processes at once',
    async () => {
      const empty = await createEmptyPostgresDatabase();
      // Three stores = three pools = three server sessions, as three processes would have.
      const stores = await Promise.all(
        [1, 2, 3].map(() => openStore({ databaseUrl: empty.url, dataDir: '', poolSize: 2 })),
      );
      try {
        const results = await Promise.all(stores.map((s) => migrateToLatest(s.db)));
        const applied = results.map((r) => r.applied).sort((a, b) => a.length - b.length);
        expect(applied).toEqual([[], [], ALL_MIGRATIONS]);
        const first = requireValue(stores[0]);
        const names = await sql<{ name: string }>`select name from kysely_migration`.execute(
          first.db,
        );
        expect(names.rows).toEqual(ALL_MIGRATIONS.map((name) => ({ name })));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await empty.drop();
      }
    },
  );
});

function workspaceId(): string {
  return `ws_${randomBytes(6).toString('hex')}`;
}

/** The minimum rows an action hangs from: a playbook version, a user and an incident. */
async function createIncident(
  db: Kysely<Database>,
): Promise<{ incidentId: string; userId: string }> {
  const playbookId = randomUUID();
  const userId = randomUUID();
  const incidentId = randomUUID();
  const at = new Date('2025-01-01T00:00:00Z');
  const suffix = randomBytes(3).toString('hex'); // fits an int4
  await db
    .insertInto('playbook_versions')
    .values({
      id: playbookId,
      workspace_id: 'default',
      version: Number.parseInt(suffix, 16),
      hash: suffix,
      content: '{}',
      source: '',
    })
    .execute();
  await db
    .insertInto('users')
    .values({
      id: userId,
      workspace_id: 'default',
      name: 'Aiko',
      email: `aiko-${suffix}@example.com`,
      role: 'responder',
    })
    .execute();
  await db
    .insertInto('incidents')
    .values({
      id: incidentId,
      workspace_id: 'default',
      number: Number.parseInt(suffix, 16),
      title: 'checkout down',
      summary: '',
      impact: '',
      status: 'investigating',
      platforms: '[]',
      is_private: false,
      playbook_version_id: playbookId,
      declared_at: at,
      status_changed_at: at,
    })
    .execute();
  return { incidentId, userId };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function requireValue<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

/** Polls until `check` holds; waits for a state change, fails after 10 s. */
async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 10 s');
    await sleep(25);
  }
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = requireValue(child.pid);
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}
