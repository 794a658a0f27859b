import { DomainError } from '../../domain/errors.ts';
import { runUseCase, type AppDeps } from '../context.ts';
import { alertsActor } from './alerts-actor.ts';
import { ingestAlerts, type IngestAlertsInput, type IngestResult } from './ingest-alerts.ts';
import { IngestConflict } from './ingest-conflict.ts';

/** Attempts per delivery: each retry follows a delivery that committed, so a storm still moves. */
const ATTEMPTS = 12;

/** PostgreSQL errors of a lost race: unique violation, serialization failure, deadlock. */
const RACE_CODES = new Set(['23505', '40001', '40P01']);

function isRace(error: unknown): boolean {
  if (error instanceof IngestConflict) return true;
  const code: unknown = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && RACE_CODES.has(code);
}

/**
 * Runs one delivery (ingestAlerts, one transaction) and, when it lost a race with a concurrent
 * delivery (docs/alerts.md, "Concurrency"), runs it again from a fresh read: a retried delivery
 * sees what the other one committed, so the result is as if they had run one after the other.
 */
export async function ingestDelivery(
  deps: AppDeps,
  input: IngestAlertsInput,
): Promise<IngestResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runUseCase(deps, alertsActor, ingestAlerts, input);
    } catch (error) {
      if (!isRace(error)) throw error;
      if (attempt >= ATTEMPTS)
        throw new DomainError('conflict', {
          what: 'alert delivery',
          reason: 'too_many_concurrent_changes',
        });
    }
  }
}
