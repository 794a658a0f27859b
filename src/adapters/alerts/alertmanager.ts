import { z } from 'zod';
import type { IncomingAlert } from '../../domain/alerts.ts';
import { instant, labelMap, MAX_ALERTS_PER_DELIVERY, optionalInstant } from './common.ts';

/**
 * Prometheus Alertmanager's webhook (payload version 4) and Grafana's webhook contact point, which
 * sends the same alert shape (plus `orgId`, `title`, `state`, dashboard and panel links).
 * Unknown fields are ignored: both tools add fields over releases.
 */

const amAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: instant,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(255),
});

/** Alertmanager: `version: "4"`, `groupKey`, `receiver`, `alerts[]`. */
export const alertmanagerPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  receiver: z.string(),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(amAlert).max(MAX_ALERTS_PER_DELIVERY),
  truncatedAlerts: z.number().int().nonnegative().optional(),
});

const grafanaAlert = amAlert.extend({
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
});

/** Grafana alerting: like Alertmanager's, with `orgId` (and `version: "1"`). */
export const grafanaPayload = z.object({
  receiver: z.string(),
  status: z.enum(['firing', 'resolved']),
  orgId: z.number().int(),
  alerts: z.array(grafanaAlert).max(MAX_ALERTS_PER_DELIVERY),
  version: z.string().refine((v) => v !== '4', { message: 'version 4 is an Alertmanager payload, not Grafana' }).optional(),
});

type AmAlert = z.output<typeof amAlert>;

function toIncoming(alert: AmAlert, link: string | null): IncomingAlert {
  return {
    fingerprint: alert.fingerprint,
    signal: alert.status,
    title: alert.annotations['summary'] || alert.labels['alertname'] || alert.fingerprint,
    description: alert.annotations['description'] ?? '',
    labels: alert.labels,
    startsAt: new Date(alert.startsAt),
    hasOwnStart: true,
    endsAt: alert.status === 'resolved' ? optionalInstant(alert.endsAt) : null,
    link,
  };
}

export function fromAlertmanager(payload: z.output<typeof alertmanagerPayload>): IncomingAlert[] {
  return payload.alerts.map((alert) => toIncoming(alert, alert.generatorURL || null));
}

export function fromGrafana(payload: z.output<typeof grafanaPayload>): IncomingAlert[] {
  return payload.alerts.map((alert) => toIncoming(alert, alert.panelURL || alert.dashboardURL || alert.generatorURL || null));
}
