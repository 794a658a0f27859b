import type { ReleaseKind } from '../../domain/incident.ts';
import { planRelease } from '../../domain/releases.ts';
import { insertTasks } from '../../store/tasks.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

export interface RecordReleaseInput {
  incidentId: string;
  platform: string;
  kind: ReleaseKind;
  note?: string | undefined;
  appVersion?: string | undefined;
}

/**
 * Records a fix release or a rollback. A rollback is refused where the platform cannot roll back;
 * a store-app fix adds the forced-update task.
 */
export async function recordRelease(ctx: UseCaseContext, input: RecordReleaseInput): Promise<{ id: string }> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  const plan = planRelease(snapshot, { platform: input.platform, kind: input.kind, now: ctx.now }, playbook);
  const id = ctx.newId();
  await ctx.tx
    .insertInto('releases')
    .values({
      id,
      incident_id: row.id,
      platform: plan.platform.id,
      kind: plan.kind,
      note: input.note ?? '',
      app_version: input.appVersion ?? null,
      recorded_by: ctx.actor.userId,
      recorded_at: ctx.now,
    })
    .execute();
  await insertTasks(ctx.tx, row.id, plan.tasks, ctx.now, ctx.newId);
  const platforms = plan.addsPlatform ? [...snapshot.platforms, plan.platform.id] : snapshot.platforms;
  await recordIncidentChange(ctx, row, {
    type: 'incident.release_recorded',
    data: { releaseId: id, platform: plan.platform.id, kind: plan.kind, note: input.note ?? null, appVersion: input.appVersion ?? null },
    patch: { ...plan.milestones, ...(plan.addsPlatform ? { platforms: JSON.stringify(platforms) } : {}) },
  });
  return { id };
}
