import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../src/app/context.ts';
import { defaultPlaybookPath, loadPlaybookFile } from '../../src/config/load-playbook.ts';
import type { WorkLogger } from '../../src/jobs/work-loop.ts';
import { enqueueOutbox, type OutboxTopic } from '../../src/store/outbox.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import type { Database } from '../../src/store/schema.ts';

/** Helpers for the delivery-engine tests: a hand-moved clock, rows, a logger that remembers. */

export const T0 = new Date('2026-11-27T00:00:00.000Z');

export interface ManualClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

export function manualClock(start: Date = T0): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface LogLine {
  level: 'warn' | 'error';
  message: string;
  details: Record<string, unknown>;
}

/** A logger that keeps what it is told, so tests can assert on it and stay quiet. */
export function recordingLogger(): WorkLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (details, message) => void lines.push({ level: 'warn', message, details }),
    error: (details, message) => void lines.push({ level: 'error', message, details }),
  };
}

let incidentNumber = 100_000;

/** A bare incident row (for timeline entries, which need a real incident). */
export async function insertIncident(db: Kysely<Database>, at: Date = T0): Promise<string> {
  const loaded = await loadPlaybookFile(defaultPlaybookPath);
  const playbook = await ensurePlaybookVersion(db, 'default', loaded);
  const id = randomUUID();
  incidentNumber += 1;
  await db
    .insertInto('incidents')
    .values({
      id,
      workspace_id: 'default',
      number: incidentNumber,
      title: `Incident ${incidentNumber}`,
      summary: '',
      impact: '',
      severity: 'SEV3',
      status: 'responding',
      platforms: '[]',
      is_private: false,
      playbook_version_id: playbook.id,
      declared_at: at,
      status_changed_at: at,
    })
    .execute();
  return id;
}

/** Writes one outbox row as a use case would; returns its id. */
export async function enqueue(
  db: Kysely<Database>,
  entry: {
    topic: OutboxTopic;
    key?: string;
    incidentId?: string | null;
    payload?: Record<string, unknown>;
    at?: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await enqueueOutbox(db, {
    id,
    workspaceId: 'default',
    topic: entry.topic,
    idempotencyKey: entry.key ?? `${entry.topic}:${id}`,
    incidentId: entry.incidentId ?? null,
    payload: entry.payload ?? {},
    at: entry.at ?? T0,
  });
  return id;
}

export async function outboxRow(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('outbox')
    .select([
      'status',
      'attempts',
      'available_at',
      'delivered_at',
      'last_error',
      'result',
      'locked_by',
      'locked_until',
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function timelineOf(db: Kysely<Database>, incidentId: string) {
  return db
    .selectFrom('timeline_events')
    .select(['type', 'actor_id', 'occurred_at', 'data'])
    .where('incident_id', '=', incidentId)
    .orderBy('seq')
    .execute();
}

/** Resolves when `predicate` holds, checking every 10 ms; fails after `ms`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  ms = 5_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
