import { DomainError } from './errors.ts';
import type { ActionStatus } from './incident.ts';

/** Prevention actions: open → in_progress → done | deferred; done needs evidence, deferred a reason. */
const ACTION_TRANSITIONS: Record<ActionStatus, readonly ActionStatus[]> = {
  open: ['in_progress', 'done', 'deferred'],
  in_progress: ['open', 'done', 'deferred'],
  done: ['in_progress'],
  deferred: ['open', 'in_progress'],
};

export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress', 'done', 'deferred'];

export function checkActionTransition(
  from: ActionStatus,
  to: ActionStatus,
  input: { evidence?: string | undefined; reason?: string | undefined },
): void {
  if (from === to) throw new DomainError('action_transition', { from, to });
  if (!ACTION_TRANSITIONS[from].includes(to))
    throw new DomainError('action_transition', { from, to });
  if (to === 'done' && (input.evidence ?? '').trim() === '') {
    throw new DomainError('evidence_required', { field: 'evidence' });
  }
  if (to === 'deferred' && (input.reason ?? '').trim() === '') {
    throw new DomainError('reason_required', { field: 'reason' });
  }
}

/** Due dates are calendar days (`YYYY-MM-DD`) in the workspace's timezone. */
export function checkDueDate(dueDate: string, today: string): void {
  if (dueDate < today)
    throw new DomainError('due_date_in_past', { field: 'dueDate', dueDate, today });
}

export function isOverdue(
  action: { status: ActionStatus; dueDate: string },
  today: string,
): boolean {
  return (action.status === 'open' || action.status === 'in_progress') && action.dueDate < today;
}

export type TrackerKind = 'github' | 'jira' | 'linear' | 'other';

/**
 * An external tracker link: an http(s) URL (shown as a link, so nothing else), classified as a
 * GitHub issue, a Jira issue, a Linear issue or another tracker.
 */
export function checkTrackerUrl(text: string): { url: string; kind: TrackerKind } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DomainError('validation_failed', { field: 'trackerUrl', reason: 'not_a_url' });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new DomainError('validation_failed', { field: 'trackerUrl', reason: 'http_or_https_only' });
  }
  return { url: url.toString(), kind: trackerKind(url) };
}

/** Which tracker a link points at, from its host and path. */
export function trackerKind(url: URL): TrackerKind {
  const host = url.hostname.toLowerCase();
  if (host === 'github.com' && /^\/[^/]+\/[^/]+\/(issues|pull)\/\d+/.test(url.pathname)) return 'github';
  if (host.endsWith('.atlassian.net') || /\/browse\/[A-Z][A-Z0-9]+-\d+/.test(url.pathname)) return 'jira';
  if (host === 'linear.app') return 'linear';
  return 'other';
}
