import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { prepareMarkedStatements } from './prepared.ts';
import { declaresRunElsewhere } from './declare-groups.ts';
import { AsyncMutex, PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

/**
 * The database behind the app: PostgreSQL when DATABASE_URL is set (production, CI), otherwise an
 * embedded PGlite (PostgreSQL 18 in WASM) persisted in HIKESHI_DATA_DIR (one-binary installs, dev).
 *
 * - Both return the same JS shapes: int8 and numeric as numbers, date as 'YYYY-MM-DD', timestamptz
 *   as Date. `pg` alone would give strings for int8/numeric and a Date for date; PGlite a Date for
 *   date. The parsers below make the two agree, so the API cannot change shape between databases.
 * - PGlite has a single session: all work on it is serialised (see pglite-dialect.ts). Inside a
 *   transaction, use only `trx`.
 * - A PGlite data dir must be used by one process at a time; a pid lock file enforces it.
 * - PGlite's initdb (first open of an empty dir) costs 500–870 MB RSS; it runs in a child process
 *   (prepareDataDir) so the server only ever opens an existing dir.
 */

export interface Store {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Subscribes to NOTIFY on `channel`; resolves once listening; the result unsubscribes. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Finishes queued work and closes; idempotent. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** DATABASE_URL. Set → PostgreSQL; unset or empty → PGlite in `dataDir`. */
  databaseUrl?: string;
  /** HIKESHI_DATA_DIR: the PGlite data directory, created when missing. */
  dataDir: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * PGlite `shared_buffers`, e.g. '16MB' (default: PGlite's 128MB). Smaller opens faster and uses
   * less memory (16MB: ~0.55 s and ~170 MB RSS instead of ~0.9 s and ~300 MB); tests use it.
   */
  pgliteSharedBuffers?: string;
}

const LOCK_FILE = 'hikeshi.lock';
const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]*$/;
const DEFAULT_POOL_SIZE = 10;

const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  int8Array: 1016,
  numericArray: 1231,
  dateArray: 1182,
};

/** int8 beyond 2^53 would lose precision; cast such values to text in SQL. */
const toNumber = (value: string): number => Number(value);
const asIs = (value: string): string => value;

/** Given to PGlite, which applies them to array elements itself. */
const pgliteParsers = { [OID.int8]: toNumber, [OID.numeric]: toNumber, [OID.date]: asIs };

/** Opens PostgreSQL (databaseUrl) or the PGlite data dir; the caller runs migrateToLatest. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize)
    : openPGlite(options);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

async function openPostgres(databaseUrl: string, poolSize = DEFAULT_POOL_SIZE): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: pgTypes });
  pool.on('connect', prepareMarkedStatements);
  // An idle client dropped by the server emits 'error' on the pool; the pool already discards it,
  // and an unhandled 'error' event would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  declaresRunElsewhere(db);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new Error(
      `Cannot connect to DATABASE_URL (${describeUrl(databaseUrl)}): ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  const listener = new PgListener({
    connectionString: databaseUrl,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: 'postgres',
    listen: async (channel, onPayload) => listener.listen(assertChannel(channel), onPayload),
    close: () =>
      (closing ??= (async () => {
        await listener.close();
        await db.destroy();
      })()),
  };
}

/** Type parsers for the pool's clients only (not the global pg.types), matching PGlite with ours. */
const pgTypes = new pg.TypeOverrides();
const TEXT_ARRAY_OID = 1009;
// @types/pg types the returned parser's argument as a number; it takes the text value.
const parseTextArray = pgTypes.getTypeParser(TEXT_ARRAY_OID) as unknown as (
  value: string,
) => unknown;
type Nested<T> = T | null | Nested<T>[];
const mapArray =
  <T>(map: (element: string) => T) =>
  (value: string): Nested<T> => {
    const walk = (element: unknown): Nested<T> =>
      Array.isArray(element) ? element.map(walk) : element === null ? null : map(element as string);
    return walk(parseTextArray(value));
  };
pgTypes.setTypeParser(OID.int8, toNumber);
pgTypes.setTypeParser(OID.numeric, toNumber);
pgTypes.setTypeParser(OID.date, asIs);
pgTypes.setTypeParser(OID.int8Array, mapArray(toNumber));
pgTypes.setTypeParser(OID.numericArray, mapArray(toNumber));
pgTypes.setTypeParser(OID.dateArray, mapArray(asIs));

/**
 * LISTEN on one dedicated connection outside the pool (a pooled client would be handed to other
 * queries). It reconnects with backoff when the connection drops and LISTENs again on every
 * channel. Notifications sent while disconnected are lost: treat them as hints and re-read state.
 */
class PgListener {
  readonly #config: pg.ClientConfig;
  readonly #handlers = new Map<string, Set<(payload: string) => void>>();
  /** Orders connect, LISTEN, UNLISTEN and close so they never race on the client. */
  readonly #mutex = new AsyncMutex();
  #client: pg.Client | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #failures = 0;
  #isClosed = false;

  constructor(config: pg.ClientConfig) {
    this.#config = config;
  }

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const handler = (payload: string) => onPayload(payload);
    await this.#mutex.runExclusive(async () => {
      if (this.#isClosed) throw new Error('store is closed');
      const handlers = this.#handlers.get(channel) ?? new Set();
      const isNewChannel = handlers.size === 0;
      handlers.add(handler);
      this.#handlers.set(channel, handlers);
      try {
        if (this.#client) {
          if (isNewChannel) await this.#client.query(`LISTEN "${channel}"`);
        } else if (!this.#reconnectTimer) {
          await this.#connect();
        } // else: the pending reconnect LISTENs on every channel, this one included
      } catch (error) {
        this.#removeHandler(channel, handler);
        throw error;
      }
    });
    let isDone = false;
    return async () => {
      if (isDone) return;
      isDone = true;
      await this.#mutex.runExclusive(async () => {
        if (this.#removeHandler(channel, handler) && this.#client) {
          await this.#client.query(`UNLISTEN "${channel}"`).catch(() => undefined);
        }
      });
    };
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    await this.#mutex.runExclusive(async () => {
      const client = this.#client;
      this.#client = null;
      this.#handlers.clear();
      if (client) await client.end().catch(() => undefined);
    });
  }

  /** Returns whether that was the channel's last handler. */
  #removeHandler(channel: string, handler: (payload: string) => void): boolean {
    const handlers = this.#handlers.get(channel);
    if (!handlers) return false;
    handlers.delete(handler);
    if (handlers.size > 0) return false;
    this.#handlers.delete(channel);
    return true;
  }

  /** Connects and LISTENs on every channel; call while holding the mutex. */
  async #connect(): Promise<void> {
    const client = new pg.Client(this.#config);
    let isLost = false;
    const onLost = () => {
      isLost = true;
      if (this.#client === client) this.#handleLost(client);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => this.#dispatch(message.channel, message.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN "${channel}"`);
      if (isLost) throw new Error('LISTEN connection lost while subscribing');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    this.#failures = 0;
  }

  #handleLost(client: pg.Client): void {
    this.#client = null;
    client.end().catch(() => undefined);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#isClosed || this.#reconnectTimer || this.#handlers.size === 0) return;
    const delay = Math.min(100 * 2 ** this.#failures, 5_000);
    this.#reconnectTimer = setTimeout(() => {
      void this.#mutex.runExclusive(async () => {
        this.#reconnectTimer = null;
        if (this.#isClosed || this.#client || this.#handlers.size === 0) return;
        try {
          await this.#connect();
        } catch {
          this.#failures += 1;
          this.#scheduleReconnect();
        }
      });
    }, delay);
  }

  #dispatch(channel: string, payload: string): void {
    // Delivered off pg's socket handler so a throwing handler cannot corrupt the connection.
    for (const handler of this.#handlers.get(channel) ?? []) queueMicrotask(() => handler(payload));
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite

async function openPGlite(options: OpenStoreOptions): Promise<Store> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const releaseLock = await lockDataDir(dataDir);
  let pglite: PGlite | undefined;
  try {
    await prepareDataDir(dataDir);
    const sharedBuffers = options.pgliteSharedBuffers;
    if (sharedBuffers !== undefined && !/^\d+(kB|MB|GB)$/.test(sharedBuffers)) {
      throw new Error(`pgliteSharedBuffers must look like '16MB', got '${sharedBuffers}'`);
    }
    // Loaded only for the embedded database: a PostgreSQL process never pays for the WASM module.
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = await PGlite.create(dataDir, {
      parsers: pgliteParsers,
      // Extra -c flags instead of the `postgresqlconf` option, which rewrites postgresql.conf.
      ...(sharedBuffers
        ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] }
        : {}),
    });
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    await releaseLock();
    throw error;
  }
  const dialect = new PGliteDialect({ pglite });
  const db = new Kysely<Database>({ dialect });
  const instance = pglite;
  let closing: Promise<void> | undefined;
  return {
    db,
    kind: 'pglite',
    listen: async (channel, onPayload) => {
      assertChannel(channel);
      // Through the dialect's lock: PGlite's own LISTEN would otherwise run inside whatever
      // transaction holds the session, and be undone by its rollback.
      const unlisten = await dialect.runExclusive((p) =>
        p.listen(channel, (payload) => onPayload(payload)),
      );
      let isDone = false;
      return async () => {
        if (isDone || instance.closed) return;
        isDone = true;
        await dialect.runExclusive(() => unlisten());
      };
    },
    close: () =>
      (closing ??= (async () => {
        try {
          await db.destroy(); // waits for queued work
          await instance.close();
        } finally {
          await releaseLock();
        }
      })()),
  };
}

/**
 * Makes sure `dataDir` holds an initialised PGlite database. When it has no PG_VERSION, runs
 * initdb in a child process (see pglite-initdb.mjs) into a sibling temp dir and moves the result
 * in, PG_VERSION last, so a crash mid-way never leaves a half-made database behind.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  const target = path.resolve(dataDir);
  await fs.mkdir(target, { recursive: true });
  if (await exists(path.join(target, 'PG_VERSION'))) return;
  const strangers = (await fs.readdir(target)).filter((name) => name !== LOCK_FILE);
  if (strangers.length > 0) {
    throw new Error(
      `HIKESHI_DATA_DIR ${target} is not empty and holds no database (no PG_VERSION); use an empty or new directory`,
    );
  }
  const scratch = `${target}.initdb-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await runInitdb(scratch);
    const names = (await fs.readdir(scratch)).filter((name) => name !== 'PG_VERSION');
    for (const name of names) await fs.rename(path.join(scratch, name), path.join(target, name));
    await fs.rename(path.join(scratch, 'PG_VERSION'), path.join(target, 'PG_VERSION'));
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

async function runInitdb(dir: string): Promise<void> {
  const entry = fileURLToPath(new URL('./pglite-initdb.mjs', import.meta.url));
  const child = spawn(process.execPath, [entry, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
  });
  if (code !== 0 || !(await exists(path.join(dir, 'PG_VERSION')))) {
    throw new Error(
      `PGlite initdb of ${dir} failed (exit ${code ?? 'by signal'}): ${stderr.trim() || 'no output'}`,
    );
  }
}

/**
 * Takes `<dataDir>/hikeshi.lock` holding our pid, or refuses when a live process holds it. A lock
 * left by a dead process is taken over. Created with link() so the file never exists half-written.
 * Returns the release function, which removes the file only while it is still ours.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const ours = `${process.pid}\n`;
  const draft = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.writeFile(draft, ours);
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await fs.link(draft, lockPath);
        return async () => {
          const content = await fs.readFile(lockPath, 'utf8').catch(() => null);
          if (content === ours) await fs.rm(lockPath, { force: true });
        };
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
        throw new Error(
          `HIKESHI_DATA_DIR ${dataDir} is in use by process ${holder}; stop it or use the API`,
        );
      }
      await fs.rm(lockPath, { force: true }); // stale: its process is gone
    }
    throw new Error(`Could not take the lock ${lockPath}: other processes keep racing for it`);
  } finally {
    await fs.rm(draft, { force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM'; // exists, owned by another user
  }
}

// ---------------------------------------------------------------------------------------------

function assertChannel(channel: string): string {
  if (!CHANNEL_PATTERN.test(channel) || channel.length > 63) {
    throw new Error(
      `Invalid NOTIFY channel '${channel}': use lowercase letters, digits and _ (at most 63)`,
    );
  }
  return channel;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** host:port/database of a URL, without credentials, for error messages. */
function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'unparseable URL';
  }
}
