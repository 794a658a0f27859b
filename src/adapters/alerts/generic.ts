import { z } from 'zod';
import type { IncomingAlert } from '../../domain/alerts.ts';
import { fingerprintOf, instant, labelMap, MAX_ALERTS_PER_DELIVERY, optionalInstant } from './common.ts';

/**
 * Generic JSON (docs/alerts.md): `{alerts: [alert]}` or one alert object. Strict: an unknown
 * field is refused (a typo in a hand-written integration is caught at once).
 */
const genericAlert = z.strictObject({
  /** Dedup key; absent: derived from `labels` and `title`. */
  fingerprint: z.string().min(1).max(255).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  title: z.string().trim().min(1).max(1000),
  description: z.string().max(10_000).default(''),
  labels: labelMap.default({}),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  link: z.string().max(2000).optional(),
});

export const genericPayload = z.union([
  z.strictObject({ alerts: z.array(genericAlert).min(1).max(MAX_ALERTS_PER_DELIVERY) }),
  genericAlert,
]);

export function fromGeneric(payload: z.output<typeof genericPayload>, receivedAt: Date): IncomingAlert[] {
  const alerts = 'alerts' in payload ? payload.alerts : [payload];
  return alerts.map((alert) => ({
    fingerprint: alert.fingerprint ?? fingerprintOf({ ...alert.labels, '\u0000title': alert.title }),
    signal: alert.status,
    title: alert.title,
    description: alert.description,
    labels: alert.labels,
    startsAt: alert.startsAt ? new Date(alert.startsAt) : receivedAt,
    hasOwnStart: alert.startsAt !== undefined,
    endsAt: optionalInstant(alert.endsAt),
    link: alert.link ?? null,
  }));
}
