import { z } from 'zod';
import { ALERT_SOURCE_KINDS } from '../../domain/alerts.ts';

export const alertSourceIdParams = z.strictObject({ id: z.string().min(1).max(100).describe('Alert source id (uuid)') });

export const createAlertSourceBody = z.strictObject({
  kind: z.enum(ALERT_SOURCE_KINDS),
  name: z.string().trim().min(1).max(200),
  signingSecret: z.string().trim().min(1).max(500).optional().describe("Sentry only: the integration's Client Secret, to verify Sentry-Hook-Signature"),
});

export const updateAlertSourceBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  signingSecret: z.string().trim().min(1).max(500).nullable().optional(),
});

export const alertSourceResponse = z.object({
  id: z.string(),
  kind: z.enum(ALERT_SOURCE_KINDS),
  name: z.string(),
  /** The path the sending tool is given (on HIKESHI_PUBLIC_URL). */
  url: z.string(),
  webhookUrl: z.string(),
  secretPrefix: z.string(),
  hasSigningSecret: z.boolean(),
  acceptedCount: z.number().int(),
  rejectedCount: z.number().int(),
  rejections: z.record(z.string(), z.number().int()),
  lastRejection: z.object({ at: z.string(), status: z.number().int(), code: z.string(), message: z.string() }).nullable(),
  lastReceivedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const createdAlertSourceResponse = alertSourceResponse.extend({
  secret: z.string().describe('Shown once: only its hash is kept. Rotate to get a new one.'),
});

export const alertSourceListResponse = z.object({ items: z.array(alertSourceResponse) });
