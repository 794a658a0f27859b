import type { AlertingPolicy } from './alert-routing.ts';

/**
 * The playbook: every rule of the flow a team may change (severities, roles, platforms, tasks,
 * announce targets, timers, postmortem sections). Loaded from hikeshi.yaml, validated against
 * src/config/playbook.schema.json, versioned in the database. Pure data: no I/O here.
 */

export type Locale = 'ja' | 'en';
export const LOCALES: readonly Locale[] = ['ja', 'en'];

/** A user-facing text in both languages. */
export interface Text {
  ja: string;
  en: string;
}

export interface DefinitionQuestion {
  key: string;
  text: Text;
  /** A "yes" to this question means the report meets the incident definition. */
  yesMeansIncident: boolean;
}

export interface SeverityPolicy {
  /** Stable identifier, e.g. `SEV1`. */
  id: string;
  name: Text;
  meaning: Text;
  examples: Text[];
  /** Keys of `channels` to announce in when an incident of this severity starts responding. */
  announceTo: string[];
  /** Remind the commander to post a status update this often. */
  statusUpdateEveryMinutes: number;
  /** How long `monitoring` must stay quiet before convergence is confirmed without a decision. */
  convergenceWatchMinutes: number;
  postmortem: { required: boolean; form: 'full' | 'short'; dueInDays: number };
  /** What each role does at this severity (shown on the card and the now view). */
  duties: Record<string, Text>;
}

export interface RoleDefinition {
  /** Stable identifier, e.g. `commander`. */
  id: string;
  name: Text;
  description: Text;
  /** Emails of the people who take this role in turn (least recently served first). */
  rotation: string[];
}

export interface PlatformDefinition {
  /** Stable identifier, e.g. `web`. */
  id: string;
  name: Text;
  /** Whether a release can be rolled back at once (web: yes; store apps: no, review delays it). */
  canRollback: boolean;
  /** A store app: releases record store submission/approval and need a forced update. */
  isStoreApp: boolean;
}

/** Statuses a playbook task can belong to. Mirrors `IncidentStatus` in the lifecycle. */
export type TaskStatusScope =
  'triage' | 'responding' | 'monitoring' | 'resolved' | 'postmortem' | 'follow_up';

export interface TaskDefinition {
  key: string;
  /** Role id whose holder does it. */
  role: string;
  /** The status in which the task appears. */
  status: TaskStatusScope;
  /** Limit to these severities (absent: all). */
  severities?: string[];
  /** Limit to incidents touching these platforms (absent: all). */
  platforms?: string[];
  title: Text;
  /** If set, the incident cannot enter this status while the task is open. */
  blocks?: TaskStatusScope | 'closed';
}

export interface ResponderRule {
  severities?: string[];
  platforms?: string[];
  /** Emails of users to invite. */
  users?: string[];
  /** Slack user group handles to invite. */
  slackUserGroups?: string[];
}

export interface PostmortemSectionDefinition {
  key: string;
  title: Text;
  prompt: Text;
  /** Severities for which the section must be written before publishing. */
  requiredFor: string[];
  /** Part of the short form (used where a severity's postmortem form is `short`). */
  inShortForm: boolean;
}

export interface WebhookTargetDefinition {
  name: string;
  url: string;
  /** Event names to send (e.g. `postmortem.published`); `*` for all. */
  events: string[];
  /** Name of the environment variable holding the signing secret; never the secret itself. */
  secretEnv: string;
}

export interface Playbook {
  /** Schema version of the file format. */
  schemaVersion: 1;
  workspace: { name: string; defaultLocale: Locale; timezone: string };
  definition: { summary: Text; questions: DefinitionQuestion[] };
  /** Most severe first. */
  severities: SeverityPolicy[];
  roles: RoleDefinition[];
  platforms: PlatformDefinition[];
  tasks: TaskDefinition[];
  /** Named Slack channels: `triage`, `incidents`, `companyWide`, or any other key. */
  channels: Record<string, string>;
  responders: ResponderRule[];
  slack: { command: string; channelNameTemplate: string; timelineReaction: string };
  postmortem: {
    sections: PostmortemSectionDefinition[];
    /** Publishing needs a review in which every reviewer approved (default false: review optional). */
    requireApproval?: boolean;
  };
  /** Outbound webhook targets (docs/webhooks.md); the secret is read from the named env variable. */
  webhooks?: WebhookTargetDefinition[];
  followUp: {
    digest: { time: string; timezone: string; weekdaysOnly: boolean; channel: string };
    /** Close the incident automatically once every action is done or deferred. */
    autoClose: boolean;
  };
  /** Alert webhooks: label mapping, grouping, per-source actions (absent: DEFAULT_ALERTING). */
  alerting?: AlertingPolicy;
}

/** Looks up a severity policy; undefined when the id is not in the playbook. */
export function findSeverity(playbook: Playbook, id: string): SeverityPolicy | undefined {
  return playbook.severities.find((s) => s.id === id);
}

export function findPlatform(playbook: Playbook, id: string): PlatformDefinition | undefined {
  return playbook.platforms.find((p) => p.id === id);
}

export function findRole(playbook: Playbook, id: string): RoleDefinition | undefined {
  return playbook.roles.find((r) => r.id === id);
}

/** Picks the text for a locale. */
export function say(text: Text, locale: Locale): string {
  return text[locale];
}
