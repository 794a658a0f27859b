import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The most alerts one delivery may carry (Alertmanager's `max_alerts` should stay below it). */
export const MAX_ALERTS_PER_DELIVERY = 5000;

/** An RFC 3339 instant as the tools write it (Go's nanoseconds included). */
export const instant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'must be an RFC 3339 date-time' });

/** Go's zero time (`0001-01-01T00:00:00Z`, "no end yet") and empty strings read as absent. */
export function optionalInstant(value: string | undefined | null): Date | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) || at.getUTCFullYear() <= 1 ? null : at;
}

/** Label maps: string values only (Alertmanager and Grafana send nothing else). */
export const labelMap = z.record(z.string(), z.string());

/** A stable fingerprint from labels when the sender gives none (same labels, same alert). */
export function fingerprintOf(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join('\u0000');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** String and number values of an object, as labels (nested values are left out). */
export function flatLabels(value: Record<string, unknown> | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value ?? {})) {
    if (typeof entry === 'string') labels[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') labels[key] = String(entry);
  }
  return labels;
}
