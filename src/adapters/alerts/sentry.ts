import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { IncomingAlert } from '../../domain/alerts.ts';
import { instant } from './common.ts';

/**
 * Sentry integration-platform webhooks: issue alerts (`Sentry-Hook-Resource: event_alert`), metric
 * alerts (`metric_alert`) and issue changes (`issue`: created / unresolved fire, resolved / ignored
 * resolve; the issue id is the fingerprint, so Sentry resolving an issue resolves its alert).
 */

const tagList = z.array(z.tuple([z.string(), z.string()])).default([]);

const eventAlert = z.object({
  action: z.literal('triggered'),
  data: z.object({
    event: z.object({
      issue_id: z.union([z.string(), z.number()]).transform(String),
      title: z.string(),
      datetime: instant.optional(),
      timestamp: z.number().optional(),
      web_url: z.string().optional(),
      level: z.string().optional(),
      culprit: z.string().optional(),
      environment: z.string().optional(),
      project: z.union([z.string(), z.number()]).transform(String).optional(),
      tags: tagList,
    }),
    triggered_rule: z.string().optional(),
  }),
});

const issueChange = z.object({
  action: z.string(),
  data: z.object({
    issue: z.object({
      id: z.union([z.string(), z.number()]).transform(String),
      title: z.string(),
      level: z.string().optional(),
      culprit: z.string().optional(),
      permalink: z.string().nullable().optional(),
      web_url: z.string().optional(),
      firstSeen: instant.optional(),
      project: z.object({ slug: z.string() }).partial().optional(),
    }),
  }),
});

const metricAlert = z.object({
  action: z.enum(['critical', 'warning', 'resolved']),
  data: z.object({
    metric_alert: z.object({
      id: z.union([z.string(), z.number()]).transform(String),
      alert_rule: z.object({ name: z.string() }).partial().optional(),
      date_started: instant.optional(),
      date_detected: instant.optional(),
    }),
    description_title: z.string().optional(),
    description_text: z.string().optional(),
    web_url: z.string().optional(),
  }),
});

export const SENTRY_RESOURCES = ['event_alert', 'metric_alert', 'issue'] as const;
export type SentryResource = (typeof SENTRY_RESOURCES)[number];

export const sentrySchemas = { event_alert: eventAlert, metric_alert: metricAlert, issue: issueChange } as const;

/** Which resource a delivery is: its header, or guessed from the body when the header is absent. */
export function sentryResource(header: string | undefined, body: unknown): string {
  if (header) return header;
  const data = (body as { data?: Record<string, unknown> } | null)?.data;
  if (data && 'event' in data) return 'event_alert';
  if (data && 'metric_alert' in data) return 'metric_alert';
  return 'issue';
}

/** Checks `Sentry-Hook-Signature`: HMAC-SHA256 (hex) of the raw body with the Client Secret. */
export function isValidSentrySignature(rawBody: string, signature: string | undefined, clientSecret: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', clientSecret).update(rawBody, 'utf8').digest('hex');
  const given = Buffer.from(signature.trim(), 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function fromSentryEventAlert(payload: z.output<typeof eventAlert>, receivedAt: Date): IncomingAlert[] {
  const event = payload.data.event;
  const labels: Record<string, string> = Object.fromEntries(event.tags);
  if (event.level) labels['level'] = event.level;
  if (event.environment) labels['environment'] = event.environment;
  if (event.project) labels['project'] = event.project;
  if (payload.data.triggered_rule) labels['rule'] = payload.data.triggered_rule;
  const at = event.datetime ? new Date(event.datetime) : event.timestamp ? new Date(event.timestamp * 1000) : null;
  return [
    {
      fingerprint: `issue:${event.issue_id}`,
      signal: 'firing',
      title: event.title,
      description: event.culprit ?? '',
      labels,
      startsAt: at ?? receivedAt,
      hasOwnStart: at !== null,
      endsAt: null,
      link: event.web_url ?? null,
    },
  ];
}

const FIRING_ISSUE_ACTIONS = ['created', 'unresolved'];
const RESOLVING_ISSUE_ACTIONS = ['resolved', 'ignored', 'archived'];

export function fromSentryIssue(payload: z.output<typeof issueChange>, receivedAt: Date): IncomingAlert[] {
  const issue = payload.data.issue;
  const firing = FIRING_ISSUE_ACTIONS.includes(payload.action);
  if (!firing && !RESOLVING_ISSUE_ACTIONS.includes(payload.action)) return []; // assigned, …: nothing to track
  const labels: Record<string, string> = {};
  if (issue.level) labels['level'] = issue.level;
  if (issue.project?.slug) labels['project'] = issue.project.slug;
  const at = firing && issue.firstSeen ? new Date(issue.firstSeen) : null;
  return [
    {
      fingerprint: `issue:${issue.id}`,
      signal: firing ? 'firing' : 'resolved',
      title: issue.title,
      description: issue.culprit ?? '',
      labels,
      startsAt: at ?? receivedAt,
      hasOwnStart: at !== null,
      endsAt: firing ? null : receivedAt,
      link: issue.web_url ?? issue.permalink ?? null,
    },
  ];
}

export function fromSentryMetricAlert(payload: z.output<typeof metricAlert>, receivedAt: Date): IncomingAlert[] {
  const alert = payload.data.metric_alert;
  const startedAt = alert.date_started ?? alert.date_detected;
  const labels: Record<string, string> = { level: payload.action === 'resolved' ? 'info' : payload.action === 'critical' ? 'critical' : 'warning' };
  if (alert.alert_rule?.name) labels['rule'] = alert.alert_rule.name;
  return [
    {
      fingerprint: `metric_alert:${alert.id}`,
      signal: payload.action === 'resolved' ? 'resolved' : 'firing',
      title: payload.data.description_title ?? alert.alert_rule?.name ?? `metric alert ${alert.id}`,
      description: payload.data.description_text ?? '',
      labels,
      startsAt: startedAt ? new Date(startedAt) : receivedAt,
      hasOwnStart: startedAt !== undefined,
      endsAt: payload.action === 'resolved' ? receivedAt : null,
      link: payload.data.web_url ?? null,
    },
  ];
}
