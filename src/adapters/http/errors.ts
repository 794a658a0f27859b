import { z } from 'zod';
import type { Blocker } from '../../domain/blockers.ts';
import {
  DomainError,
  ERROR_CODES,
  isDomainError,
  type ErrorCode,
  type ErrorParams,
} from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import {
  genericWhat,
  translate,
  translateBlocker,
  translateReason,
  TRANSPORT_ERROR_CODES,
  type TransportErrorCode,
} from '../../i18n/index.ts';

/**
 * HTTP statuses of the error codes, one table for all:
 * - 400: the request is malformed or names something the playbook does not know.
 * - 401 / 403: who you are / what you may do. 403 also when an incident role is required.
 * - 404: the thing does not exist (or you may not see it).
 * - 409: the current state of something refuses the request; it may succeed once the state moves
 *   on (lifecycle moves, blocked guards, finished reports, a lost race, a taken email).
 * - 422: well-formed input that a rule refuses whatever the state (a rollback on a platform that
 *   cannot roll back, milestones out of order or in the future, done without evidence, a due
 *   date in the past).
 */
export const HTTP_STATUS = {
  validation_failed: 400,
  unknown_severity: 400,
  unknown_platform: 400,
  unknown_role: 400,
  unknown_milestone: 400,
  not_found: 404,
  incident_not_found: 404,
  report_not_found: 404,
  user_not_found: 404,
  action_not_found: 404,
  task_not_found: 404,
  release_not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  only_commander: 403,
  only_investigator: 403,
  conflict: 409,
  invalid_transition: 409,
  transition_blocked: 409,
  severity_unchanged: 409,
  severity_locked: 409,
  incident_finished: 409,
  role_conflict: 409,
  release_not_allowed: 409,
  report_finished: 409,
  postmortem_not_open: 409,
  postmortem_already_published: 409,
  postmortem_sections_missing: 409,
  action_not_allowed: 409,
  action_transition: 409,
  email_taken: 409,
  rollback_not_possible: 422,
  milestone_order: 422,
  milestone_in_future: 422,
  evidence_required: 422,
  reason_required: 422,
  due_date_in_past: 422,
  invalid_credentials: 401,
  csrf_failed: 403,
  too_many_attempts: 429,
} satisfies Record<ErrorCode, number>;

const TRANSPORT_STATUS = {
  invalid_json: 400,
  bad_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  internal: 500,
} satisfies Record<TransportErrorCode, number>;

/** The error body every endpoint answers with. */
export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum([...ERROR_CODES, ...TRANSPORT_ERROR_CODES]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({
    description: 'An error: a stable code, a message in the caller’s language, and details.',
  });

export type ErrorBody = z.infer<typeof errorBodySchema>;

export interface HttpError {
  status: number;
  body: ErrorBody;
  /** Unexpected: log it with its stack (never sent to the client). */
  isUnexpected: boolean;
}

/** One refused field of a request. */
export interface FieldProblem {
  field: string;
  message: string;
}

function body(code: ErrorCode | TransportErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function domainDetails(error: DomainError, locale: Locale): unknown {
  if (error.code === 'transition_blocked' && Array.isArray(error.details)) {
    return (error.details as Blocker[]).map((b) => ({
      code: b.code,
      message: translateBlocker(locale, b),
      who: b.who,
    }));
  }
  if (error.code === 'validation_failed') {
    if (Array.isArray(error.details)) return error.details;
    const { field, reason } = error.params;
    if (field === undefined) return error.details;
    const message =
      reason === undefined
        ? translate(locale, 'validation_failed', { field })
        : translateReason(locale, String(reason));
    const extra = isPlainObject(error.details) ? error.details : {};
    return [{ ...extra, field: String(field), message }];
  }
  if (error.details !== undefined) return error.details;
  return Object.keys(error.params).length > 0 ? error.params : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageParams(error: DomainError, locale: Locale): ErrorParams {
  if (error.code === 'not_found' && error.params['what'] === undefined)
    return { ...error.params, what: genericWhat[locale] };
  return error.params;
}

/** A domain error as an HTTP error, its message in the caller's language. */
export function domainErrorResponse(error: DomainError, locale: Locale): HttpError {
  const message = translate(locale, error.code, messageParams(error, locale));
  return {
    status: HTTP_STATUS[error.code],
    body: body(error.code, message, domainDetails(error, locale)),
    isUnexpected: false,
  };
}

/** A transport error (malformed request, server fault) as an HTTP error. */
export function transportErrorResponse(
  code: TransportErrorCode,
  locale: Locale,
  params: ErrorParams = {},
): HttpError {
  return {
    status: TRANSPORT_STATUS[code],
    body: body(code, translate(locale, code, params)),
    isUnexpected: code === 'internal',
  };
}

/** PostgreSQL errors a request can cause; anything else is a server fault. */
const PG_ERRORS: Record<string, ErrorCode> = {
  '23505': 'conflict', // unique_violation: a concurrent insert won, or a duplicate
  '40001': 'conflict', // serialization_failure: a concurrent transaction won
  '40P01': 'conflict', // deadlock_detected: same
  '23503': 'conflict', // foreign_key_violation: what it refers to is gone or missing
  '22P02': 'not_found', // invalid_text_representation: e.g. a malformed uuid names nothing
  '23514': 'validation_failed', // check_violation
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function fastifyErrorResponse(
  code: string,
  status: number | undefined,
  locale: Locale,
  bodyLimit: number,
): HttpError | undefined {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return transportErrorResponse('payload_too_large', locale, { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return transportErrorResponse('unsupported_media_type', locale);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return transportErrorResponse('invalid_json', locale);
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { ...transportErrorResponse('bad_request', locale), status };
  }
  return undefined;
}

/** Any error thrown while serving a request, as the HTTP error to answer with. */
export function errorResponse(
  error: unknown,
  locale: Locale,
  options: { bodyLimit: number },
): HttpError {
  if (isDomainError(error)) return domainErrorResponse(error, locale);
  const code = codeOf(error);
  const pgCode = code === undefined ? undefined : PG_ERRORS[code];
  if (pgCode !== undefined) {
    const params: ErrorParams = pgCode === 'validation_failed' ? { field: 'request' } : {};
    return domainErrorResponse(new DomainError(pgCode, params), locale);
  }
  if (error instanceof SyntaxError && statusOf(error) === 400)
    return transportErrorResponse('invalid_json', locale);
  const fromFastify = fastifyErrorResponse(code ?? '', statusOf(error), locale, options.bodyLimit);
  return fromFastify ?? transportErrorResponse('internal', locale);
}
