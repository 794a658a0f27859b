import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from './client.ts';
import type { Text } from './types.ts';

/** Types and queries of the settings page's playbook editor and status tab (docs/api.md). */

export interface PlaybookProblem {
  line: number;
  column: number;
  /** e.g. `severities[1].statusUpdateEveryMinutes`; empty for YAML syntax errors. */
  path: string;
  message: string;
}

export interface IdDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface PlaybookPreview {
  severities: {
    id: string;
    name: Text;
    meaning: Text;
    examples: Text[];
    statusUpdateEveryMinutes: number;
    convergenceWatchMinutes: number;
    postmortemRequired: boolean;
    postmortemForm: 'full' | 'short';
  }[];
  roles: { id: string; name: Text }[];
  tasks: { severity: string; role: string; tasks: { key: string; status: string; title: Text }[] }[];
  platforms: { id: string; name: Text; canRollback: boolean; isStoreApp: boolean }[];
}

export interface PlaybookDiff {
  same: boolean;
  severities: IdDiff;
  roles: IdDiff;
  tasks: IdDiff;
  platforms: IdDiff;
  otherBlocks: string[];
}

export type Validation =
  | { valid: true; baseVersion: number; preview: PlaybookPreview; diff: PlaybookDiff }
  | { valid: false; errors: PlaybookProblem[] };

export interface SavedPlaybook {
  id: string;
  version: number;
  isChanged: boolean;
  file: { path: string | null; isWritten: boolean; error: string | null };
}

export interface PlaybookChange {
  version: number;
  versionId: string;
  origin: 'file' | 'web';
  changedAt: string;
  by: { id: string; name: string } | null;
  isInForce: boolean;
}

export interface SlackStatus {
  configured: boolean;
  signingSecretSet: boolean;
  socketMode: boolean;
  check: {
    outcome: 'ok' | 'token_refused' | 'api_error' | 'unreachable';
    checkedAt: string;
    bot: { user: string; userId: string; team: string; teamId: string } | null;
    missingScopes: string[];
    grantedScopeCount: number;
    wantedScopeCount: number;
    problem: string | null;
  } | null;
  outbox: { pending: number; failed: number; failedWindowDays: number; lastFailure: { topic: string; error: string; at: string } | null };
}

export interface WebhookStatus {
  failedWindowDays: number;
  items: {
    id: string;
    name: string;
    url: string;
    events: string[];
    source: 'playbook' | 'api';
    pending: number;
    failed: number;
    lastFailure: { error: string; at: string } | null;
    lastDeliveredAt: string | null;
  }[];
}

export interface AlertSourceStatus {
  id: string;
  kind: string;
  name: string;
  url: string;
  acceptedCount: number;
  rejectedCount: number;
  lastReceivedAt: string | null;
  lastRejection: { at: string; status: number; code: string; message: string } | null;
}

export const settingsKeys = {
  source: ['playbook', 'source'] as const,
  versions: ['playbook', 'versions'] as const,
  slack: ['status', 'slack'] as const,
  webhooks: ['status', 'webhooks'] as const,
  alertSources: ['status', 'alert-sources'] as const,
};

/** The YAML text in force, comments kept. */
export function usePlaybookSource() {
  return useQuery({
    queryKey: settingsKeys.source,
    queryFn: () => api<{ id: string; version: number; yaml: string }>('GET', '/api/v1/playbook/source'),
    staleTime: Infinity,
  });
}

export function usePlaybookVersions() {
  return useQuery({ queryKey: settingsKeys.versions, queryFn: () => api<{ items: PlaybookChange[] }>('GET', '/api/v1/playbook/versions?limit=50') });
}

/** Checks a text as start-up does: the preview and diff, or every problem (a 422 is an answer here). */
export async function validatePlaybook(yaml: string): Promise<Validation> {
  try {
    return await api<Validation>('POST', '/api/v1/playbook/validate', { yaml });
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) {
      return { valid: false, errors: error.details as PlaybookProblem[] };
    }
    throw error;
  }
}

/** Saves; a 422 comes back as the problems, a 409 as an ApiError with `details.currentVersion`. */
export async function savePlaybookText(yaml: string, baseVersion: number): Promise<SavedPlaybook | { valid: false; errors: PlaybookProblem[] }> {
  try {
    return await api<SavedPlaybook>('PUT', '/api/v1/playbook', { yaml, baseVersion });
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && Array.isArray(error.details)) {
      return { valid: false, errors: error.details as PlaybookProblem[] };
    }
    throw error;
  }
}

export function useSlackStatus() {
  return useQuery({ queryKey: settingsKeys.slack, queryFn: () => api<SlackStatus>('GET', '/api/v1/status/slack') });
}

export function useWebhookStatus() {
  return useQuery({ queryKey: settingsKeys.webhooks, queryFn: () => api<WebhookStatus>('GET', '/api/v1/status/webhooks') });
}

export function useAlertSourceStatus() {
  return useQuery({ queryKey: settingsKeys.alertSources, queryFn: () => api<{ items: AlertSourceStatus[] }>('GET', '/api/v1/alert-sources') });
}
