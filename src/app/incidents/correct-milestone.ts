import { checkMilestoneCorrection } from '../../domain/milestones.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

export interface CorrectMilestoneInput {
  incidentId: string;
  milestone: string;
  at: Date;
  reason: string;
}

/** Corrects a milestone's time (e.g. when the impact really started); the change is on the timeline. */
export async function correctMilestone(ctx: UseCaseContext, input: CorrectMilestoneInput): Promise<void> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  const { milestone, previous } = checkMilestoneCorrection(snapshot.milestones, input.milestone, input.at, ctx.now);
  await recordIncidentChange(ctx, row, {
    type: 'incident.milestone_corrected',
    data: { milestone, from: previous?.toISOString() ?? null, to: input.at.toISOString(), reason: input.reason },
    patch: { [milestone]: input.at },
  });
}
