import { runQuery, runUseCase, type UseCase } from '../../app/context.ts';
import { getIncident } from '../../app/incidents/queries.ts';
import type { Actor } from '../../domain/actor.ts';
import type { RoleWarning } from '../../domain/roles.ts';
import { presentIncidentDetail } from './incidents.presenter.ts';
import type { RouteContext } from './route.ts';

/** What a handler needs to act for its caller. */
export type Caller = Pick<RouteContext, 'deps' | 'locale'> & { actor: Actor };

/** Runs a use case as the caller, in one transaction. */
export function run<I, O>(
  ctx: Pick<Caller, 'deps' | 'actor'>,
  useCase: UseCase<I, O>,
  input: I,
): Promise<O> {
  return runUseCase(ctx.deps.app, ctx.actor, useCase, input);
}

/** Runs a read-only use case as the caller, without a transaction. */
export function query<I, O>(
  ctx: Pick<Caller, 'deps' | 'actor'>,
  useCase: UseCase<I, O>,
  input: I,
): Promise<O> {
  return runQuery(ctx.deps.app, ctx.actor, useCase, input);
}

/** Reads the incident back in full after a change, in the caller's language. */
export async function incidentDetailFor(
  ctx: Caller,
  incidentId: string,
  warnings: RoleWarning[] = [],
) {
  const detail = await query(ctx, getIncident, { incidentId });
  const playbook = await ctx.deps.app.playbooks.byId(
    ctx.deps.app.db,
    detail.row.playbook_version_id,
  );
  return presentIncidentDetail(detail, playbook, ctx.deps.config.publicUrl, ctx.locale, warnings);
}
