import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * Kysely types of migration 002-jobs, merged into `Database` and `OutboxTable` of schema.ts by
 * module augmentation, so every `Kysely<Database>` knows them without schema.ts being edited.
 * (To fold them into schema.ts later: move the members below into its interfaces and delete the
 * `declare module` block; nothing else changes.)
 */

type Timestamp = Date;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;

export type JobStatus = 'pending' | 'done' | 'failed' | 'canceled';

export interface JobsTable {
  id: Defaulted<string>;
  /** Creation order; ties on `available_at` are broken by it. */
  seq: Generated<number>;
  workspace_id: string | null;
  name: string;
  version: number;
  /** Deterministic and unique, e.g. `reminder:status_update:<incident>:<n>`; scheduling it twice is a no-op. */
  key: string;
  incident_id: string | null;
  payload: Json<unknown>;
  status: Defaulted<JobStatus>;
  attempts: Defaulted<number>;
  /** When the job was scheduled for; never changes (retries move `available_at`). */
  run_at: Timestamp;
  available_at: Timestamp;
  created_at: Defaulted<Timestamp>;
  locked_until: Timestamp | null;
  locked_by: string | null;
  finished_at: Timestamp | null;
  last_error: string | null;
  result: Json<Record<string, unknown>> | null;
}

export type JobRow = Selectable<JobsTable>;

declare module './schema.ts' {
  interface Database {
    jobs: JobsTable;
  }
  interface OutboxTable {
    /** Creation order: effects of one incident are delivered in it. */
    seq: Generated<number>;
    /** While in the future, a worker holds the row; after it, the row may be claimed again. */
    locked_until: Timestamp | null;
    locked_by: string | null;
  }
}
