import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Row types of the tables made by src/store/migrations; one interface per table. */

type Timestamp = Date;
/** A column with a database default. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A jsonb column: read and written as JSON values. */
type Json<T> = ColumnType<T, string, string>;

export interface WorkspacesTable {
  id: string;
  name: string;
  next_incident_number: Defaulted<number>;
  next_report_number: Defaulted<number>;
  created_at: Defaulted<Timestamp>;
}

export type UserRole = 'viewer' | 'responder' | 'admin';

export interface UsersTable {
  id: string;
  workspace_id: string;
  name: string;
  email: string;
  role: UserRole;
  slack_user_id: string | null;
  locale: 'ja' | 'en' | null;
  is_active: Defaulted<boolean>;
  created_at: Defaulted<Timestamp>;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Defaulted<Timestamp>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PlaybookVersionsTable {
  id: string;
  workspace_id: string;
  version: number;
  hash: string;
  content: Json<unknown>;
  source: string;
  created_at: Defaulted<Timestamp>;
}

export interface IncidentsTable {
  id: string;
  workspace_id: string;
  /** From the workspace counter, by the declaring statement (store/declare-statement.ts). */
  number: ColumnType<number, number | null, number>;
  title: string;
  summary: string;
  impact: string;
  severity: string | null;
  status: string;
  platforms: Json<string[]>;
  is_private: boolean;
  playbook_version_id: string;
  created_by: string | null;
  triggered_by_user_id: string | null;
  cancel_reason: string | null;
  detected_at: Timestamp | null;
  reported_at: Timestamp | null;
  declared_at: Timestamp;
  acknowledged_at: Timestamp | null;
  mitigated_at: Timestamp | null;
  released_at: Timestamp | null;
  resolved_at: Timestamp | null;
  postmortem_published_at: Timestamp | null;
  closed_at: Timestamp | null;
  canceled_at: Timestamp | null;
  impact_started_at: Timestamp | null;
  monitoring_since: Timestamp | null;
  last_signal_at: Timestamp | null;
  status_changed_at: Timestamp;
  created_at: Defaulted<Timestamp>;
  updated_at: Defaulted<Timestamp>;
  version: Defaulted<number>;
}

export interface IncidentMembersTable {
  incident_id: string;
  user_id: string;
  added_at: Defaulted<Timestamp>;
}

export interface RoleAssignmentsTable {
  id: string;
  incident_id: string;
  role: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface IncidentTasksTable {
  id: string;
  incident_id: string;
  key: string;
  role: string;
  status_scope: string;
  title: Json<{ ja: string; en: string }>;
  blocks: string | null;
  created_at: Timestamp;
  done_at: Timestamp | null;
  done_by: string | null;
  dropped_at: Timestamp | null;
}

export interface ReleasesTable {
  id: string;
  incident_id: string;
  platform: string;
  kind: 'fix' | 'rollback';
  note: string;
  app_version: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  store_submitted_at: Timestamp | null;
  store_approved_at: Timestamp | null;
  forced_update_at: Timestamp | null;
}

export interface DecisionsTable {
  id: string;
  incident_id: string;
  kind: 'options' | 'decision';
  author_id: string | null;
  body: Json<unknown>;
  created_at: Timestamp;
}

export interface TimelineEventsTable {
  seq: Generated<number>;
  id: string;
  workspace_id: string;
  incident_id: string | null;
  report_id: string | null;
  type: string;
  actor_id: string | null;
  occurred_at: Timestamp;
  recorded_at: Defaulted<Timestamp>;
  data: Json<Record<string, unknown>>;
}

export interface ReportsTable {
  id: string;
  workspace_id: string;
  number: number;
  source: 'monitoring' | 'inquiry' | 'internal';
  title: string;
  description: string;
  status: string;
  is_private: boolean;
  assignee_id: string | null;
  created_by: string | null;
  answers: Json<Record<string, boolean>>;
  incident_id: string | null;
  dismiss_reason: string | null;
  detected_at: Timestamp | null;
  reported_at: Timestamp;
  status_changed_at: Timestamp;
  created_at: Defaulted<Timestamp>;
}

export interface ImprovementTicketsTable {
  id: string;
  workspace_id: string;
  report_id: string;
  title: string;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PostmortemsTable {
  id: string;
  incident_id: string;
  status: 'draft' | 'in_review' | 'published';
  form: 'full' | 'short';
  created_at: Timestamp;
  published_at: Timestamp | null;
  published_by: string | null;
}

export interface PostmortemSectionsTable {
  postmortem_id: string;
  key: string;
  position: number;
  title: Json<{ ja: string; en: string }>;
  prompt: Json<{ ja: string; en: string }>;
  is_required: boolean;
  body: string;
  revision: Defaulted<number>;
  updated_at: Timestamp | null;
  updated_by: string | null;
}

export interface ActionsTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  title: string;
  owner_id: string;
  /** `YYYY-MM-DD`, parsed as text on both databases. */
  due_date: string;
  priority: 'high' | 'medium' | 'low';
  status: 'open' | 'in_progress' | 'done' | 'deferred';
  evidence: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  done_at: Timestamp | null;
}

export interface OutboxTable {
  id: string;
  workspace_id: string;
  topic: string;
  idempotency_key: string;
  incident_id: string | null;
  payload: Json<Record<string, unknown>>;
  status: Defaulted<'pending' | 'done' | 'failed'>;
  attempts: Defaulted<number>;
  available_at: Timestamp;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  last_error: string | null;
  result: Json<Record<string, unknown>> | null;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  playbook_versions: PlaybookVersionsTable;
  incidents: IncidentsTable;
  incident_members: IncidentMembersTable;
  role_assignments: RoleAssignmentsTable;
  incident_tasks: IncidentTasksTable;
  releases: ReleasesTable;
  decisions: DecisionsTable;
  timeline_events: TimelineEventsTable;
  reports: ReportsTable;
  improvement_tickets: ImprovementTicketsTable;
  postmortems: PostmortemsTable;
  postmortem_sections: PostmortemSectionsTable;
  actions: ActionsTable;
  outbox: OutboxTable;
}

export type IncidentRow = Selectable<IncidentsTable>;
export type NewIncidentRow = Insertable<IncidentsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type UserRow = Selectable<UsersTable>;
