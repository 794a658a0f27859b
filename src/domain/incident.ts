import type { Text } from './playbook.ts';

/** Incident statuses, in flow order; `canceled` is the side exit before `resolved`. */
export const INCIDENT_STATUSES = [
  'triage',
  'responding',
  'monitoring',
  'resolved',
  'postmortem',
  'follow_up',
  'closed',
  'canceled',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const MILESTONES = [
  'impact_started_at',
  'detected_at',
  'reported_at',
  'declared_at',
  'acknowledged_at',
  'mitigated_at',
  'released_at',
  'resolved_at',
  'postmortem_published_at',
  'closed_at',
  'canceled_at',
] as const;
export type Milestone = (typeof MILESTONES)[number];
export type Milestones = Partial<Record<Milestone, Date | null>>;

export type ReleaseKind = 'fix' | 'rollback';
export type ActionStatus = 'open' | 'in_progress' | 'done' | 'deferred';
/** A postmortem is written as a draft, optionally reviewed, then published (read-only). */
export type PostmortemStatus = 'draft' | 'in_review' | 'published';

export interface OpenTask {
  id: string;
  key: string;
  role: string;
  statusScope: string;
  title: Text;
  /** The status this task must be done before. */
  blocks: string | null;
}

/** What the lifecycle rules need to know about an incident. Built by the store, read here. */
export interface IncidentSnapshot {
  status: IncidentStatus;
  severity: string | null;
  platforms: string[];
  /** Current holder per role id. */
  roles: Record<string, string>;
  triggeredByUserId: string | null;
  milestones: Milestones;
  monitoringSince: Date | null;
  /** Last related alert or report seen while monitoring. */
  lastSignalAt: Date | null;
  releases: { platform: string; kind: ReleaseKind }[];
  openTasks: OpenTask[];
  postmortem: { status: PostmortemStatus; missingRequired: string[] } | null;
  actions: { status: ActionStatus }[];
}

/** Statuses in which the incident is still being fought (severity may change, releases count). */
export function isActive(status: IncidentStatus): boolean {
  return status === 'triage' || status === 'responding' || status === 'monitoring';
}

/** Closed and canceled incidents accept no more changes but notes. */
export function isFinished(status: IncidentStatus): boolean {
  return status === 'closed' || status === 'canceled';
}
