import type { UseCaseContext } from '../context.ts';
import { findVisibleIncident } from '../incidents/load-incident.ts';
import { buildPostmortemView, requirePostmortem, type PostmortemView } from './postmortem-view.ts';

/** The incident's postmortem; `not_found` until the incident enters `postmortem` and the draft opens. */
export async function getPostmortem(
  ctx: UseCaseContext,
  input: { incidentId: string },
): Promise<PostmortemView> {
  const row = await findVisibleIncident(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  return buildPostmortemView(ctx, row, postmortem);
}
