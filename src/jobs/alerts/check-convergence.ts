import { alertsActor } from '../../app/alerts/alerts-actor.ts';
import { checkConvergence, convergenceCheckSpec } from '../../app/alerts/convergence.ts';
import { runUseCase, type AppDeps } from '../../app/context.ts';
import { defineJob, type JobDefinition } from '../scheduler.ts';

/** The convergence timer (docs/alerts.md): runs the check as the alerts actor, in one transaction. */
export function convergenceCheckJob(app: AppDeps): JobDefinition<{ incidentId: string }> {
  return defineJob({
    ...convergenceCheckSpec,
    handler: async (payload) => {
      const state = await runUseCase(app, alertsActor, checkConvergence, payload);
      return { state: state.state };
    },
  });
}
