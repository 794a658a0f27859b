import { checkCanDecide, checkCanProposeOptions, type DecisionOption } from '../../domain/decisions.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

/** The investigator proposes options for stopping the damage. */
export async function proposeOptions(
  ctx: UseCaseContext,
  input: { incidentId: string; options: DecisionOption[] },
): Promise<{ id: string }> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  checkCanProposeOptions(snapshot, ctx.actor, input.options);
  const id = ctx.newId();
  await ctx.tx
    .insertInto('decisions')
    .values({ id, incident_id: row.id, kind: 'options', author_id: ctx.actor.userId, body: JSON.stringify({ options: input.options }), created_at: ctx.now })
    .execute();
  await recordIncidentChange(ctx, row, { type: 'incident.options_proposed', data: { decisionId: id, options: input.options } });
  return { id };
}

/** The commander records the decision, picking a proposed option or stating another course. */
export async function recordDecision(
  ctx: UseCaseContext,
  input: { incidentId: string; optionKey?: string | undefined; decision: string; rationale?: string | undefined },
): Promise<{ id: string }> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  const proposals = await ctx.tx
    .selectFrom('decisions')
    .select('body')
    .where('incident_id', '=', row.id)
    .where('kind', '=', 'options')
    .execute();
  const keys = new Set(proposals.flatMap((p) => optionKeys(p.body)));
  checkCanDecide(snapshot, ctx.actor, input, keys);
  const id = ctx.newId();
  const body = { optionKey: input.optionKey ?? null, decision: input.decision, rationale: input.rationale ?? null };
  await ctx.tx
    .insertInto('decisions')
    .values({ id, incident_id: row.id, kind: 'decision', author_id: ctx.actor.userId, body: JSON.stringify(body), created_at: ctx.now })
    .execute();
  await recordIncidentChange(ctx, row, { type: 'incident.decision_recorded', data: { decisionId: id, ...body } });
  return { id };
}

function optionKeys(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('options' in body) || !Array.isArray(body.options)) return [];
  return body.options.flatMap((o: unknown) =>
    typeof o === 'object' && o !== null && 'key' in o && typeof o.key === 'string' ? [o.key] : [],
  );
}
