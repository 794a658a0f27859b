import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { IncomingAlert } from '../../domain/alerts.ts';
import { flatLabels, instant } from './common.ts';

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`): trigger, acknowledge, resolve. A trigger without
 * a `dedup_key` gets one (returned, as PagerDuty does); acknowledge and resolve need one.
 */
export const pagerDutyEvent = z
  .object({
    routing_key: z.string().min(1),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: z
      .object({
        summary: z.string().min(1).max(1024),
        source: z.string().min(1),
        severity: z.enum(['critical', 'error', 'warning', 'info']),
        timestamp: instant.optional(),
        component: z.string().optional(),
        group: z.string().optional(),
        class: z.string().optional(),
        custom_details: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
    images: z.array(z.unknown()).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_action === 'trigger' && !event.payload) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'a trigger needs payload {summary, source, severity}' });
    }
    if (event.event_action !== 'trigger' && !event.dedup_key) {
      ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `${event.event_action} needs the dedup_key of the alert` });
    }
  });

export type PagerDutyEvent = z.output<typeof pagerDutyEvent>;

/** The event as an alert, and the dedup key to answer with. */
export function fromPagerDuty(event: PagerDutyEvent, receivedAt: Date): { alert: IncomingAlert; dedupKey: string } {
  const dedupKey = event.dedup_key ?? randomBytes(16).toString('hex');
  const payload = event.payload;
  const labels = {
    ...flatLabels(payload?.custom_details),
    ...(payload && flatLabels({ source: payload.source, severity: payload.severity, component: payload.component, group: payload.group, class: payload.class })),
  };
  const startsAt = payload?.timestamp ? new Date(payload.timestamp) : receivedAt;
  const signal = event.event_action === 'trigger' ? 'firing' : event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
  return {
    dedupKey,
    alert: {
      fingerprint: dedupKey,
      signal,
      title: payload?.summary ?? dedupKey,
      description: payload?.custom_details ? JSON.stringify(payload.custom_details).slice(0, 4000) : '',
      labels,
      startsAt,
      hasOwnStart: payload?.timestamp !== undefined,
      endsAt: null,
      link: event.client_url ?? event.links?.[0]?.href ?? null,
    },
  };
}
