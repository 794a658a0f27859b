import type { ActionStatus } from '../../domain/incident.ts';
import { listActions, type ActionCursor } from '../../store/actions.ts';
import type { UseCaseContext } from '../context.ts';
import { findVisibleIncident } from '../incidents/load-incident.ts';
import { actionView, workspaceToday, type ActionView } from './action-view.ts';

export type { ActionCursor } from '../../store/actions.ts';

export interface ListActionsInput {
  statuses?: ActionStatus[] | undefined;
  ownerId?: string | undefined;
  incidentId?: string | undefined;
  /** true: only overdue actions (open or in progress, due before today); false: the others. */
  overdue?: boolean | undefined;
  after?: ActionCursor | undefined;
  limit: number;
}

/**
 * A page of the prevention actions the actor may see (the morning meeting's board): overdue first,
 * then by due date. With `incidentId`, that incident must be visible (else `incident_not_found`).
 */
export async function listVisibleActions(
  ctx: UseCaseContext,
  input: ListActionsInput,
): Promise<{ items: ActionView[]; nextCursor: ActionCursor | null }> {
  const incidentId =
    input.incidentId === undefined
      ? undefined
      : (await findVisibleIncident(ctx, input.incidentId)).id;
  const today = workspaceToday(ctx);
  const rows = await listActions(ctx.tx, {
    workspaceId: ctx.workspaceId,
    visibleTo: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
    today,
    statuses: input.statuses,
    ownerId: input.ownerId,
    incidentId,
    overdue: input.overdue,
    after: input.after,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => actionView(row, today)),
    nextCursor:
      rows.length > input.limit && last
        ? { overdueRank: last.overdue_rank, dueDate: last.due_date, id: last.id }
        : null,
  };
}
