import { DomainError } from '../../domain/errors.ts';
import type { IncidentSnapshot } from '../../domain/incident.ts';
import type { Playbook } from '../../domain/playbook.ts';
import { findIncident, isMember, loadSnapshot } from '../../store/incidents.ts';
import type { IncidentRow } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize, canSeeIncident } from '../policies.ts';

export interface LoadedIncident {
  row: IncidentRow;
  snapshot: IncidentSnapshot;
  /** The playbook version this incident runs under. */
  playbook: Playbook;
}

/**
 * Finds an incident the actor may see. A private incident the actor is not a member of reads as
 * not found, so its existence does not leak.
 */
export async function findVisibleIncident(
  ctx: UseCaseContext,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentRow> {
  const row = await findIncident(ctx.tx, ctx.workspaceId, id, options);
  if (!row) throw new DomainError('incident_not_found', { id });
  const member = row.is_private && ctx.actor.role !== 'admin' ? await isMember(ctx.tx, row.id, ctx.actor.userId) : false;
  if (!canSeeIncident(ctx.actor, { isPrivate: row.is_private }, member)) throw new DomainError('incident_not_found', { id });
  return row;
}

/** Locks an incident for a change and loads what its rules need. */
export async function loadIncidentForChange(ctx: UseCaseContext, id: string): Promise<LoadedIncident> {
  authorize(ctx.actor, 'incident.update');
  const row = await findVisibleIncident(ctx, id, { forUpdate: true });
  const [snapshot, playbook] = await Promise.all([
    loadSnapshot(ctx.tx, row),
    ctx.playbooks.byId(ctx.tx, row.playbook_version_id),
  ]);
  return { row, snapshot, playbook };
}
