import { DomainError } from '../../domain/errors.ts';
import { runQuery, runUseCase, type AppDeps } from '../context.ts';
import { alertsActor } from './alerts-actor.ts';
import { applyDelivery } from './apply-delivery.ts';
import { IngestConflict } from './ingest-conflict.ts';
import { planDelivery, type IngestAlertsInput, type IngestResult } from './plan-delivery.ts';

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
 * Runs one delivery: planDelivery reads and decides (no transaction: it writes nothing), then
 * applyDelivery writes it all in one atomic unit — one statement on its own, or a transaction when
 * it also opens reports or writes to incidents. When the write lost a race with a concurrent
 * delivery (docs/alerts.md, "Concurrency"), the delivery is planned again from a fresh read: it
 * sees what the other one committed, so the result is as if they had run one after the other.
 */
export async function ingestDelivery(
  deps: AppDeps,
  input: IngestAlertsInput,
): Promise<IngestResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const plan = await runQuery(deps, alertsActor, planDelivery, input);
      return await runUseCase(deps, alertsActor, applyDelivery, plan);
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
