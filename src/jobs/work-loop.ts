import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../app/context.ts';
import type { Store } from '../store/database.ts';
import type { ClaimRequest, Settlement } from '../store/leased-work.ts';
import {
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  settlementForError,
  type BackoffOptions,
} from './retry-policy.ts';

/**
 * The one claim loop behind the outbox dispatcher and the job runner (docs/jobs.md). A source
 * says how to claim, run and settle its rows; the loop does the rest:
 * - wakes on NOTIFY on the source's channel (when the payload says there is work for it, now or
 *   before the next poll), on a poll timer, and when a slot frees up;
 * - claims at most `concurrency` rows under a lease (one short statement), runs each handler
 *   outside any transaction, extends the lease while it runs, then records the outcome;
 * - turns errors into settlements (retry-policy.ts);
 * - `stop()` waits for work in flight; `drain()` runs everything due now (tests, CLI).
 */

/** A claimed row: `attempt` is the 1-based number of the attempt about to run. */
export interface WorkItem {
  id: string;
  attempt: number;
  /** Overrides the loop's maxAttempts for this row. */
  maxAttempts?: number;
}

export type WorkResult = Record<string, unknown>;

export interface WorkSource<W extends WorkItem> {
  /** For logs: 'outbox', 'jobs'. */
  readonly name: string;
  /** NOTIFY channel announcing new rows. */
  readonly channel: string;
  /**
   * How soon a NOTIFY with this payload calls for a claim: 0 now, n ms (the new work is due
   * then), null not at all (nothing this worker handles). Without it every NOTIFY wakes the loop.
   */
  wakeDelayMs?(payload: string, now: Date): number | null;
  claim(request: ClaimRequest): Promise<W[]>;
  run(work: W): Promise<WorkResult | null>;
  /** Records the outcome and releases the lease; false when the lease was lost. */
  settle(work: W, lockedBy: string, settlement: Settlement, now: Date): Promise<boolean>;
  extendLease(work: W, lockedBy: string, until: Date): Promise<boolean>;
}

/** pino-compatible (Fastify's `server.log` fits). */
export interface WorkLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface WorkLoopOptions {
  clock: Clock;
  /** For LISTEN; without it the loop only polls. */
  store?: Pick<Store, 'listen'>;
  logger?: WorkLogger;
  /** Rows handled at once by this worker (default 4). */
  concurrency?: number;
  /** How often to look for due rows without a NOTIFY (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long a claim holds a row without news from its worker (default 60 s); extended every third of it. */
  leaseMs?: number;
  /** Attempts before a row fails for good (default 8). */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** Source of jitter, 0..1 (default Math.random); tests pass a constant. */
  random?: () => number;
  /** Names this worker in `locked_by` (default host:pid:random). */
  workerId?: string;
}

export interface Worker {
  readonly workerId: string;
  /** Subscribes to NOTIFY and starts polling; resolves once listening. */
  start(): Promise<void>;
  /** Stops claiming and waits for the work in flight to be recorded. */
  stop(): Promise<void>;
  /** Runs everything due now, including rows that become claimable as others finish; returns how many ran. */
  drain(): Promise<number>;
  /** Looks for due rows now (what a NOTIFY does). */
  wake(): void;
}

const consoleLogger: WorkLogger = {
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

/** Builds a worker over `source`; it does nothing until start() or drain(). */
export function createWorkLoop<W extends WorkItem>(
  source: WorkSource<W>,
  options: WorkLoopOptions,
): Worker {
  return new WorkLoop(source, options);
}

class WorkLoop<W extends WorkItem> implements Worker {
  readonly workerId: string;
  readonly #source: WorkSource<W>;
  readonly #options: WorkLoopOptions;
  readonly #logger: WorkLogger;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #backoff: BackoffOptions;
  readonly #inFlight = new Set<Promise<void>>();
  /** Claims run one after another, so the loop never claims more than its free slots. */
  #claimChain: Promise<unknown> = Promise.resolve();
  #isStarted = false;
  #isStopping = false;
  #isPumping = false;
  #wantsAnotherPass = false;
  #pollTimer: NodeJS.Timeout | null = null;
  #pollIntervalMs: number;
  /** One timer for the earliest work announced as due before the next poll. */
  #dueTimer: { at: number; timer: NodeJS.Timeout } | null = null;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(source: WorkSource<W>, options: WorkLoopOptions) {
    this.#source = source;
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
    this.#concurrency = positive('concurrency', options.concurrency ?? 4);
    this.#leaseMs = positive('leaseMs', options.leaseMs ?? 60_000);
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 1_000);
    this.workerId =
      options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  async start(): Promise<void> {
    if (this.#isStarted) return;
    this.#isStarted = true;
    try {
      if (this.#options.store)
        this.#unlisten = await this.#options.store.listen(this.#source.channel, (payload) => this.#onNotify(payload));
    } catch (error) {
      this.#isStarted = false;
      throw error;
    }
    this.#pollTimer = setInterval(() => this.wake(), this.#pollIntervalMs);
    this.wake();
  }

  async stop(): Promise<void> {
    if (!this.#isStarted && this.#inFlight.size === 0) return;
    this.#isStopping = true;
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    this.#pollTimer = null;
    if (this.#dueTimer) clearTimeout(this.#dueTimer.timer);
    this.#dueTimer = null;
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    try {
      await unlisten?.().catch((error: unknown) =>
        this.#logger.warn({ ...this.#where(), error }, 'unlisten failed'),
      );
      await this.#claimChain;
      while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    } finally {
      this.#isStarted = false;
      this.#isStopping = false;
    }
  }

  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const claimed = await this.#claim();
      ran += claimed;
      if (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
      else if (claimed === 0) return ran;
    }
  }

  wake(): void {
    if (!this.#isStarted || this.#isStopping) return;
    if (this.#isPumping) {
      this.#wantsAnotherPass = true;
      return;
    }
    this.#isPumping = true;
    void this.#pump();
  }

  #onNotify(payload: string): void {
    const now = this.#options.clock.now();
    const delay = this.#source.wakeDelayMs ? this.#source.wakeDelayMs(payload, now) : 0;
    if (delay === null) return;
    if (delay <= 0) return this.wake();
    // Due after the next poll: that poll finds it.
    if (delay >= this.#pollIntervalMs) return;
    const at = Date.now() + delay;
    if (this.#dueTimer && this.#dueTimer.at <= at) return;
    if (this.#dueTimer) clearTimeout(this.#dueTimer.timer);
    const timer = setTimeout(() => {
      this.#dueTimer = null;
      this.wake();
    }, delay);
    timer.unref();
    this.#dueTimer = { at, timer };
  }

  async #pump(): Promise<void> {
    try {
      do {
        this.#wantsAnotherPass = false;
        await this.#claim();
      } while (this.#wantsAnotherPass && !this.#isStopping);
    } catch (error) {
      // The database may be away; the next poll tries again.
      this.#logger.error({ ...this.#where(), error }, 'claiming work failed');
    } finally {
      this.#isPumping = false;
    }
  }

  /** Fills the free slots; returns how many rows it claimed. */
  #claim(): Promise<number> {
    const claiming = this.#claimChain.then(() => this.#claimFreeSlots());
    this.#claimChain = claiming.catch(() => undefined);
    return claiming;
  }

  async #claimFreeSlots(): Promise<number> {
    let claimed = 0;
    while (!this.#isStopping) {
      const free = this.#concurrency - this.#inFlight.size;
      if (free <= 0) break;
      const now = this.#options.clock.now();
      const rows = await this.#source.claim({
        now,
        limit: free,
        lockedBy: this.workerId,
        lockedUntil: new Date(now.getTime() + this.#leaseMs),
      });
      for (const work of rows) this.#begin(work);
      claimed += rows.length;
      if (rows.length < free) break;
    }
    return claimed;
  }

  #begin(work: W): void {
    const task = this.#process(work).finally(() => {
      this.#inFlight.delete(task);
      this.wake(); // a free slot, and maybe the next row of the same incident
    });
    this.#inFlight.add(task);
  }

  /** Runs one row and records its outcome; never rejects. */
  async #process(work: W): Promise<void> {
    const settlement = await this.#attempt(work);
    try {
      const isRecorded = await this.#source.settle(
        work,
        this.workerId,
        settlement,
        this.#options.clock.now(),
      );
      if (!isRecorded) {
        this.#logger.warn(
          { ...this.#where(work), settlement },
          'lease lost before the outcome was recorded; another worker owns the row',
        );
      } else if (settlement.kind === 'failed') {
        this.#logger.warn({ ...this.#where(work), error: settlement.error }, 'gave up on work');
      }
    } catch (error) {
      this.#logger.error(
        { ...this.#where(work), error },
        'recording the outcome failed; the row comes back when its lease ends',
      );
    }
  }

  async #attempt(work: W): Promise<Settlement> {
    const maxAttempts = work.maxAttempts ?? this.#options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (work.attempt > maxAttempts) {
      return {
        kind: 'failed',
        error: `no attempts left: the worker running attempt ${work.attempt - 1} stopped without recording an outcome (lease expired)`,
      };
    }
    const heartbeat = setInterval(
      () => void this.#extendLease(work),
      Math.max(Math.floor(this.#leaseMs / 3), 1),
    );
    try {
      return { kind: 'done', result: await this.#source.run(work) };
    } catch (error) {
      return settlementForError(error, {
        attempt: work.attempt,
        maxAttempts,
        now: this.#options.clock.now(),
        backoff: this.#backoff,
        random: this.#options.random ?? Math.random,
      });
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #extendLease(work: W): Promise<void> {
    try {
      const until = new Date(this.#options.clock.now().getTime() + this.#leaseMs);
      if (!(await this.#source.extendLease(work, this.workerId, until))) {
        this.#logger.warn(this.#where(work), 'lease lost while the handler runs');
      }
    } catch (error) {
      this.#logger.error({ ...this.#where(work), error }, 'extending the lease failed');
    }
  }

  #where(work?: W): Record<string, unknown> {
    return {
      queue: this.#source.name,
      workerId: this.workerId,
      ...(work ? { id: work.id, attempt: work.attempt } : {}),
    };
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
