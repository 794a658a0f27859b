import { DomainError } from '../../domain/errors.ts';
import { isFinished } from '../../domain/incident.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

/**
 * Names the service an incident hit (free text such as `payments`; null clears it). Insights
 * filter by it and count repeat incidents per service.
 */
export async function setIncidentService(
  ctx: UseCaseContext,
  input: { incidentId: string; service: string | null },
): Promise<{ service: string | null }> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  if (isFinished(snapshot.status)) throw new DomainError('incident_finished', { status: snapshot.status });
  const service = input.service === null ? null : input.service.trim();
  if (service !== null && (service === '' || service.length > 100 || /[\r\n]/.test(service))) {
    throw new DomainError('validation_failed', { field: 'service' }, { minLength: 1, maxLength: 100 });
  }
  if (service !== row.service) {
    await recordIncidentChange(ctx, row, {
      type: 'incident.updated',
      data: { service },
      patch: { service },
    });
  }
  return { service };
}
