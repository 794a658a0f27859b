/**
 * The one error type of the domain and the use cases. Each code has a message in both languages
 * (src/i18n/messages.ts) and one HTTP status and Slack reply (in the adapters). Nothing here knows
 * about HTTP.
 */

export const ERROR_CODES = [
  // input
  'validation_failed',
  'unknown_severity',
  'unknown_platform',
  'unknown_role',
  'unknown_milestone',
  // lookups
  'not_found',
  'incident_not_found',
  'report_not_found',
  'user_not_found',
  'action_not_found',
  'task_not_found',
  'release_not_found',
  // authentication and permission
  'unauthenticated',
  'forbidden',
  // state
  'conflict',
  'invalid_transition',
  'transition_blocked',
  'severity_unchanged',
  'severity_locked',
  'incident_finished',
  'role_conflict',
  'rollback_not_possible',
  'release_not_allowed',
  'milestone_order',
  'milestone_in_future',
  'report_finished',
  'postmortem_not_open',
  'postmortem_already_published',
  'postmortem_sections_missing',
  'action_not_allowed',
  'action_transition',
  'evidence_required',
  'reason_required',
  'due_date_in_past',
  'email_taken',
  'only_commander',
  'only_investigator',
  // web sign-in
  'invalid_credentials',
  'too_many_attempts',
  'csrf_failed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Parameters filled into the message template of a code. */
export type ErrorParams = Record<string, string | number>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly details: unknown;

  constructor(code: ErrorCode, params: ErrorParams = {}, details?: unknown) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
