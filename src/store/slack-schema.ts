import type { ColumnType } from 'kysely';

/** Kysely types of migration 003-slack, merged into `Database` by module augmentation. */

type Timestamp = Date;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface SlackChannelsTable {
  incident_id: string;
  workspace_id: string;
  channel_id: string;
  channel_name: string;
  is_private: boolean;
  /** The pinned incident card; null until it is posted. */
  card_ts: Defaulted<string | null>;
  /** The incident version last rendered into the card. */
  card_version: Defaulted<number | null>;
  created_at: Timestamp;
  archived_at: Defaulted<Timestamp | null>;
}

export interface SlackMessagesTable {
  workspace_id: string;
  /** What the message is for, unique per workspace: `report:<id>`, `announce:<incident>:<key>`. */
  purpose: string;
  channel_id: string;
  ts: string;
  incident_id: Defaulted<string | null>;
  report_id: Defaulted<string | null>;
  created_at: Timestamp;
}

declare module './schema.ts' {
  interface Database {
    slack_channels: SlackChannelsTable;
    slack_messages: SlackMessagesTable;
  }
}
