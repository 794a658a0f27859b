import {
  AbortedTransactionError,
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A Kysely dialect for one PGlite instance.
 *
 * Why our own: PGlite is a single PostgreSQL backend, so it has one session. A transaction is
 * "BEGIN … COMMIT" on that session; if any other statement runs on the session in between, it
 * silently becomes part of the transaction (and vanishes on rollback). kysely-pglite lets that
 * happen. Here every piece of work takes the session through a FIFO mutex: a lone query holds it
 * for one statement, a transaction from BEGIN to COMMIT/ROLLBACK. Concurrent transactions therefore
 * queue instead of interleaving.
 *
 * The price is the deadlock trap: inside `db.transaction().execute(trx => …)`, a query on the outer
 * `db` waits for the lock the transaction holds and never returns. Inside a transaction use `trx`.
 */

/** A first-in first-out async lock; the holder is handed over directly so nobody can jump the queue. */
export class AsyncMutex {
  #isLocked = false;
  readonly #waiters: (() => void)[] = [];

  /** Resolves once the caller owns the lock; it must call `unlock()` exactly once afterwards. */
  lock(): Promise<void> {
    if (!this.#isLocked) {
      this.#isLocked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Gives the lock to the longest waiter, or frees it. */
  unlock(): void {
    if (!this.#isLocked) throw new Error('AsyncMutex.unlock() called while unlocked');
    const next = this.#waiters.shift();
    if (next) next();
    else this.#isLocked = false;
  }

  /** Runs `fn` holding the lock; the lock is released whether `fn` resolves or throws. */
  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.lock();
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  get isLocked(): boolean {
    return this.#isLocked;
  }

  /** How many callers wait for the lock (not counting the holder). */
  get queueLength(): number {
    return this.#waiters.length;
  }
}

export interface PGliteDialectConfig {
  pglite: PGlite;
  /** After this long waiting for the session, emit a process warning about the deadlock trap (default 10 s). */
  slowLockWarningMs?: number;
}

/** Kysely dialect over one PGlite instance; it does not own the instance (closing it is the caller's job). */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;
  readonly #mutex = new AsyncMutex();
  readonly #slowLockWarningMs: number;

  constructor(config: PGliteDialectConfig) {
    this.#pglite = config.pglite;
    this.#slowLockWarningMs = config.slowLockWarningMs ?? 10_000;
  }

  /**
   * Runs `fn` while holding the session, for PGlite calls made outside Kysely (for example
   * `pglite.listen`, which issues LISTEN and would otherwise land inside someone's transaction).
   */
  runExclusive<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T> {
    return this.#mutex.runExclusive(() => fn(this.#pglite));
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite, this.#mutex, this.#slowLockWarningMs);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Dialect signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

const slowLockWarning = (ms: number) =>
  `A query has waited ${ms} ms for the PGlite session. If it runs on the outer \`db\` inside a ` +
  'transaction, it waits for that transaction forever: inside db.transaction() use only `trx`.';

class PGliteDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #mutex: AsyncMutex;
  readonly #slowLockWarningMs: number;
  #isDestroyed = false;

  constructor(pglite: PGlite, mutex: AsyncMutex, slowLockWarningMs: number) {
    this.#pglite = pglite;
    this.#mutex = mutex;
    this.#slowLockWarningMs = slowLockWarningMs;
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // A wait this long is almost always the deadlock trap; say so instead of hanging silently.
    const ms = this.#slowLockWarningMs;
    const hint = this.#mutex.isLocked
      ? setTimeout(() => process.emitWarning(slowLockWarning(ms), 'PGliteLockWarning'), ms).unref()
      : undefined;
    try {
      await this.#mutex.lock();
    } finally {
      clearTimeout(hint);
    }
    if (this.#isDestroyed) {
      this.#mutex.unlock();
      throw new Error('PGlite dialect: the Kysely instance has been destroyed');
    }
    return new PGliteConnection(this.#pglite);
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
    asLease(connection).isInTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    // A failed COMMIT ends the transaction too, so the flag is cleared either way.
    lease.isInTransaction = false;
    const result = await lease.run('commit');
    // PostgreSQL answers COMMIT of an aborted transaction with a ROLLBACK tag.
    if (result.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    await lease.run('rollback');
    lease.isInTransaction = false;
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await asLease(connection).run(`savepoint ${quoteIdentifier(savepointName)}`);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await asLease(connection).run(`rollback to savepoint ${quoteIdentifier(savepointName)}`);
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await asLease(connection).run(`release savepoint ${quoteIdentifier(savepointName)}`);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    if (lease.isReleased) return;
    try {
      // A transaction still open here (its ROLLBACK failed) would swallow the next holder's
      // statements; end it before handing the session on.
      if (lease.isInTransaction) await lease.run('rollback').catch(() => undefined);
    } finally {
      lease.isReleased = true;
      this.#mutex.unlock();
    }
  }

  async destroy(): Promise<void> {
    // Work queued before destroy() still runs (FIFO); anything queued after is refused.
    await this.#mutex.lock();
    this.#isDestroyed = true;
    this.#mutex.unlock();
  }
}

/** One holding of the session: valid from acquireConnection until releaseConnection. */
class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  isInTransaction = false;
  isReleased = false;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async run(statement: string, parameters: readonly unknown[] = []) {
    if (this.isReleased) {
      throw new Error(
        'PGlite dialect: query on a connection that was already released (a `trx` used after its transaction ended?)',
      );
    }
    return this.#pglite.query<Record<string, unknown>>(statement, [...parameters]);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.run(compiledQuery.sql, compiledQuery.parameters);
    const rows = result.rows as R[];
    if (isRowChangingCommand(result.command)) {
      return { rows, numAffectedRows: BigInt(result.affectedRows ?? result.rowCount ?? 0) };
    }
    return { rows };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    const error = new Error(
      'PGlite dialect: streaming (.stream()) is not supported; paginate with LIMIT/keyset instead',
    );
    return {
      next: () => Promise.reject(error),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function asLease(connection: DatabaseConnection): PGliteConnection {
  if (!(connection instanceof PGliteConnection))
    throw new Error('PGlite dialect: foreign connection object');
  return connection;
}

function isRowChangingCommand(command: string | undefined): boolean {
  return (
    command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
  );
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
