import type { ColumnType, Selectable } from 'kysely';

/**
 * Kysely types of migration 006-alerts, merged into `Database` and `IncidentsTable` of schema.ts
 * by module augmentation (as jobs-schema.ts does), so schema.ts needs no edit.
 */

type Timestamp = Date;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;

export interface AlertSourcesTable {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  secret_hash: string;
  secret_prefix: string;
  /** Sentry's Client Secret (signs its deliveries); null when not given. */
  signing_secret: string | null;
  accepted_count: Defaulted<number>;
  rejected_count: Defaulted<number>;
  /** Refused deliveries by error code. */
  rejections: ColumnType<Record<string, number>, string | undefined, string>;
  last_rejection: Json<{ at: string; status: number; code: string; message: string }> | null;
  last_received_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface AlertGroupsTable {
  workspace_id: string;
  group_key: string;
  report_id: string | null;
  incident_id: string | null;
  opened_at: Timestamp;
  last_alert_at: Timestamp;
}

export interface AlertsTable {
  id: string;
  workspace_id: string;
  source_id: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  title: string;
  description: Defaulted<string>;
  labels: ColumnType<Record<string, string>, string | undefined, string>;
  service: string | null;
  platform: string | null;
  severity: string | null;
  group_key: string;
  link: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  acknowledged_at: Timestamp | null;
  resolved_at: Timestamp | null;
  count: Defaulted<number>;
  report_id: string | null;
  incident_id: string | null;
}

/** Accepted deliveries of a source, counted in 16 slots (migration 014). */
export interface AlertSourceReceiptsTable {
  source_id: string;
  slot: number;
  accepted_count: number;
  last_received_at: Timestamp;
}

export type AlertSourceRow = Selectable<AlertSourcesTable>;
export type AlertRow = Selectable<AlertsTable>;

declare module './schema.ts' {
  interface Database {
    alert_sources: AlertSourcesTable;
    alert_source_receipts: AlertSourceReceiptsTable;
    alert_groups: AlertGroupsTable;
    alerts: AlertsTable;
  }
  interface IncidentsTable {
    /** Set while `monitoring` once the related alerts resolved and stayed quiet for the watch window. */
    ready_to_resolve_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  }
}
