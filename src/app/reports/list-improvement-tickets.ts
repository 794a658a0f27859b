import { listImprovementTickets, type ImprovementTicketListRow } from '../../store/reports.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface ListImprovementTicketsInput {
  /** Continue after this ticket (the last of the previous page). */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

export interface ImprovementTicketPage {
  items: ImprovementTicketListRow[];
  /** The last item's position when another page follows, else null. */
  next: { createdAt: Date; id: string } | null;
}

/** A page of improvement tickets (made by dismissing reports), newest first, as the reports are visible. */
export async function listVisibleImprovementTickets(
  ctx: UseCaseContext,
  input: ListImprovementTicketsInput,
): Promise<ImprovementTicketPage> {
  authorize(ctx.actor, 'report.read');
  const rows = await listImprovementTickets(ctx.tx, {
    workspaceId: ctx.workspaceId,
    visibleTo: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
    after: input.after,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page,
    next: rows.length > input.limit && last ? { createdAt: last.created_at, id: last.id } : null,
  };
}
