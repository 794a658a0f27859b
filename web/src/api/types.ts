/** The REST API's shapes as the web app uses them (docs/api.md; the OpenAPI document has all). */

export type Locale = 'ja' | 'en';
export type WorkspaceRole = 'viewer' | 'responder' | 'admin';
export type Text = Record<Locale, string>;

export const INCIDENT_FLOW = ['triage', 'responding', 'monitoring', 'resolved', 'postmortem', 'follow_up', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_FLOW)[number] | 'canceled';

export interface User {
  id: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  slackUserId: string | null;
  locale: Locale | null;
  isActive: boolean;
  createdAt: string;
}

export interface Session {
  user: User;
  via: 'password' | 'token' | 'bearer';
  csrfToken: string | null;
  expiresAt: string | null;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  slackUserId: string | null;
}

export interface Incident {
  id: string;
  number: number;
  title: string;
  summary: string;
  impact: string;
  severity: string | null;
  status: IncidentStatus;
  platforms: string[];
  isPrivate: boolean;
  roles: Record<string, Person | null>;
  milestones: Record<string, string | null>;
  triggeredByUserId: string | null;
  cancelReason: string | null;
  version: number;
  url: string;
  createdAt: string;
  updatedAt: string;
}

export interface Task {
  id: string;
  key: string;
  role: string;
  status: string;
  title: string;
  blocks: string | null;
  doneAt: string | null;
}

export interface Release {
  id: string;
  platform: string;
  kind: 'fix' | 'rollback';
  note: string;
  appVersion: string | null;
  recordedAt: string;
}

export interface Decision {
  id: string;
  kind: 'options' | 'decision';
  authorId: string | null;
  /** Who proposed or decided. */
  authorName: string | null;
  body: unknown;
  createdAt: string;
}

export interface IncidentDetail extends Incident {
  tasks: Task[];
  releases: Release[];
  decisions: Decision[];
  warnings: { code: string; message: string }[];
  /** The dedicated Slack channel once created. */
  slackChannel: { id: string; name: string; archived: boolean; url: string } | null;
}

export interface Blocker {
  code: string;
  message: string;
  who: string[];
}

export interface NowView {
  incidentId: string;
  number: number;
  status: IncidentStatus;
  next: IncidentStatus | null;
  severity: string | null;
  roles: {
    role: string;
    name: string;
    holder: Person | null;
    duty: string | null;
    /** Open tasks only (done ones are not listed); `status` is the incident status the task belongs to. */
    tasks: { id: string; key: string; title: string; status: string; blocks: string | null }[];
  }[];
  blockers: Blocker[];
  unassignedRoles: string[];
}

export interface TimelineEvent {
  seq: number;
  id: string;
  type: string;
  actorId: string | null;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Report {
  id: string;
  number: number;
  source: 'monitoring' | 'inquiry' | 'internal';
  title: string;
  description: string;
  status: string;
  isPrivate: boolean;
  assigneeId: string | null;
  answers: Record<string, boolean>;
  suggestion: 'declare' | 'dismiss' | 'undecided';
  incidentId: string | null;
  reportedAt: string;
}

export interface ReportDetail extends Report {
  questions: { key: string; text: string; yesMeansIncident: boolean; answer: boolean | null }[];
  alerts: ReportAlert[];
}

/** An alert grouped into a report (docs/alerts.md). */
export interface ReportAlert {
  id: string;
  status: 'firing' | 'resolved';
  title: string;
  startsAt: string;
  endsAt: string | null;
  sourceId: string;
  sourceName: string | null;
  sourceKind: string | null;
  fingerprint: string;
  service: string | null;
  severity: string | null;
  /** Deliveries of this alert (repeats count up). */
  count: number;
  lastSeenAt: string;
  /** The sending tool's link (Alertmanager's generatorURL, Grafana's panel, …). */
  link: string | null;
  labels: Record<string, string>;
}

/** A report in the list: with how many alerts it groups and how many still fire. */
export interface ReportListItem extends Report {
  alertCounts: { total: number; firing: number };
}

export interface Action {
  id: string;
  incidentId: string;
  incident: { id: string; number: number; title: string };
  title: string;
  ownerId: string;
  owner: { id: string; name: string };
  dueDate: string;
  priority: 'high' | 'medium' | 'low';
  status: 'open' | 'in_progress' | 'done' | 'deferred';
  evidence: string | null;
  reason: string | null;
  isOverdue: boolean;
}

export interface PostmortemSection {
  key: string;
  title: string;
  prompt: string;
  required: boolean;
  body: string;
  revision: number;
  updatedAt: string | null;
}

export interface Postmortem {
  id: string;
  incidentId: string;
  incident: { id: string; number: number; title: string; severity: string | null; status: IncidentStatus };
  status: 'draft' | 'published';
  form: 'full' | 'short';
  sections: PostmortemSection[];
  missingRequired: string[];
  publishedAt: string | null;
}

export interface Playbook {
  schemaVersion: 1;
  workspace: { name: string; defaultLocale: Locale; timezone: string };
  definition: { summary: Text; questions: { key: string; text: Text; yesMeansIncident: boolean }[] };
  severities: {
    id: string;
    name: Text;
    meaning: Text;
    examples: Text[];
    statusUpdateEveryMinutes: number;
    convergenceWatchMinutes: number;
  }[];
  roles: { id: string; name: Text; description: Text }[];
  platforms: { id: string; name: Text; canRollback: boolean; isStoreApp: boolean }[];
  postmortem: { sections: { key: string; title: Text; prompt: Text }[] };
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
