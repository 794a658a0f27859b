import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AlertSourceKind, IncomingAlert } from '../../domain/alerts.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import { hashSourceSecret, type AlertSourceRow } from '../../store/alerts.ts';
import { bearerToken } from '../http/auth.ts';
import { rawBodyOf } from '../http/raw-body.ts';
import { parseInput } from '../http/validation.ts';
import { alertmanagerPayload, fromAlertmanager, fromGrafana, grafanaPayload } from './alertmanager.ts';
import { fromGeneric, genericPayload } from './generic.ts';
import { fromPagerDuty, pagerDutyEvent } from './pagerduty.ts';
import {
  fromSentryEventAlert,
  fromSentryIssue,
  fromSentryMetricAlert,
  isValidSentrySignature,
  sentryResource,
  sentrySchemas,
} from './sentry.ts';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The secret a delivery carries: `Authorization: Bearer`, Basic (the password), or `?token=`. */
export function presentedSecret(request: FastifyRequest, queryToken: string | undefined): string | undefined {
  const authorization = header(request, 'authorization');
  const bearer = bearerToken(authorization);
  if (bearer) return bearer;
  const basic = /^Basic[ \t]+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return decoded.slice(colon + 1);
  }
  return queryToken;
}

function sameHash(secret: string, hash: string): boolean {
  const given = Buffer.from(hashSourceSecret(secret), 'utf8');
  const wanted = Buffer.from(hash, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Checks a delivery's credentials: the source's secret, or — for Sentry with a Client Secret
 * set — a valid `Sentry-Hook-Signature` (which is then required even with the secret).
 */
export function checkDeliveryAuth(source: AlertSourceRow, request: FastifyRequest, queryToken: string | undefined): void {
  const secret = presentedSecret(request, queryToken);
  const hasSecret = secret !== undefined && sameHash(secret, source.secret_hash);
  if (source.kind === 'sentry' && source.signing_secret) {
    const signature = header(request, 'sentry-hook-signature');
    if (!isValidSentrySignature(rawBodyOf(request), signature, source.signing_secret)) {
      throw new DomainError('unauthenticated', { reason: signature ? 'bad_signature' : 'missing_signature' });
    }
    return;
  }
  if (secret === undefined) throw new DomainError('unauthenticated', { reason: 'missing_secret' });
  if (!hasSecret) throw new DomainError('unauthenticated', { reason: 'wrong_secret' });
}

export interface ParsedDelivery {
  alerts: IncomingAlert[];
  /** PagerDuty: the dedup key to answer with. */
  dedupKey?: string;
}

function requireBody(body: unknown): void {
  if (body === undefined || body === null) {
    throw new DomainError('validation_failed', { field: 'body', reason: 'required' }, [{ field: 'body', message: 'a JSON body is required' }]);
  }
}

/** Reads one delivery in the format of the source's tool; a payload of another tool is refused (400). */
export function parseDelivery(kind: AlertSourceKind, request: FastifyRequest, locale: Locale, receivedAt: Date): ParsedDelivery {
  const body: unknown = request.body;
  requireBody(body);
  switch (kind) {
    case 'alertmanager':
      return { alerts: fromAlertmanager(parseInput(alertmanagerPayload, body, 'body', locale)) };
    case 'grafana':
      return { alerts: fromGrafana(parseInput(grafanaPayload, body, 'body', locale)) };
    case 'generic':
      return { alerts: fromGeneric(parseInput(genericPayload, body, 'body', locale), receivedAt) };
    case 'pagerduty': {
      const { alert, dedupKey } = fromPagerDuty(parseInput(pagerDutyEvent, body, 'body', locale), receivedAt);
      return { alerts: [alert], dedupKey };
    }
    case 'sentry': {
      const resource = sentryResource(header(request, 'sentry-hook-resource'), body);
      if (resource === 'event_alert') return { alerts: fromSentryEventAlert(parseInput(sentrySchemas.event_alert, body, 'body', locale), receivedAt) };
      if (resource === 'metric_alert') return { alerts: fromSentryMetricAlert(parseInput(sentrySchemas.metric_alert, body, 'body', locale), receivedAt) };
      if (resource === 'issue') return { alerts: fromSentryIssue(parseInput(sentrySchemas.issue, body, 'body', locale), receivedAt) };
      // installation, comment, error…: acknowledged so Sentry keeps the webhook on, nothing to track.
      return { alerts: [] };
    }
  }
}
