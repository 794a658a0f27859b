import type { Actor } from '../../domain/actor.ts';
import { DEFAULT_ALERTING, type AlertingPolicy } from '../../domain/alert-routing.ts';
import type { UseCaseContext } from '../context.ts';

/**
 * Who acts when a monitoring tool delivers alerts or a convergence timer fires: no user (rows it
 * writes have no `created_by` / `actor_id`). A delivery is authorized by its source's secret, in
 * the adapter, before the use case runs.
 */
export const alertsActor: Actor = { userId: 'system:alerts', role: 'responder' };

/** The playbook's alerting rules in force (the built-in defaults where the file has none). */
export function alertingPolicy(ctx: UseCaseContext): AlertingPolicy {
  return ctx.playbooks.current().playbook.alerting ?? DEFAULT_ALERTING;
}
