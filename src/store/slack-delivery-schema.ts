import type { ColumnType } from 'kysely';

/** Kysely types of migration 004-slack-delivery, merged by module augmentation. */

type Timestamp = Date;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface SlackChannelAttemptsTable {
  incident_id: string;
  name: string;
  is_private: boolean;
  tried_at: Timestamp;
}

declare module './slack-schema.ts' {
  interface SlackChannelsTable {
    /** When the topic was set (null: not yet). */
    topic_set_at: Defaulted<Timestamp | null>;
    /** The bookmark to the incident's web page. */
    bookmark_id: Defaulted<string | null>;
    /** When the responders were invited. */
    invited_at: Defaulted<Timestamp | null>;
    /** When the card was pinned. */
    card_pinned_at: Defaulted<Timestamp | null>;
  }
}

declare module './schema.ts' {
  interface Database {
    slack_channel_attempts: SlackChannelAttemptsTable;
  }
}
