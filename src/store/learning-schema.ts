import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 007-learning, merged into schema.ts by module augmentation. */

type Timestamp = Date;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;

import type { ImpactFigures, WhyPair } from '../domain/postmortem-review.ts';

export interface PostmortemEditsTable {
  id: string;
  /** Insertion order (edits of one instant keep the order they were made in). */
  seq: Generated<number>;
  postmortem_id: string;
  section_key: string;
  revision: number;
  body: string;
  edited_by: string | null;
  edited_at: Timestamp;
}

import type { ReviewDecision } from '../domain/postmortem-review.ts';

export interface PostmortemReviewersTable {
  postmortem_id: string;
  user_id: string;
  requested_by: string | null;
  requested_at: Timestamp;
  decision: Defaulted<ReviewDecision>;
  decided_at: Timestamp | null;
}

export interface PostmortemCommentsTable {
  id: string;
  seq: Generated<number>;
  postmortem_id: string;
  section_key: string | null;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface WebhookTargetsTable {
  id: string;
  workspace_id: string;
  name: string;
  url: string;
  events: Json<string[]>;
  /** Name of the environment variable holding the signing secret (never the secret). */
  secret_env: string;
  created_by: string | null;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

declare module './schema.ts' {
  interface Database {
    postmortem_edits: PostmortemEditsTable;
    postmortem_reviewers: PostmortemReviewersTable;
    postmortem_comments: PostmortemCommentsTable;
    webhook_targets: WebhookTargetsTable;
  }
  interface IncidentsTable {
    service: Defaulted<string | null>;
  }
  interface PostmortemsTable {
    impact: ColumnType<ImpactFigures, string | undefined, string>;
    five_whys: ColumnType<WhyPair[], string | undefined, string>;
    submitted_at: Defaulted<Timestamp | null>;
  }
  interface ActionsTable {
    section: Defaulted<string | null>;
    tracker_url: Defaulted<string | null>;
  }
}
