import { DomainError } from '../../domain/errors.ts';
import { findPlatform } from '../../domain/playbook.ts';
import { checkStoreProgress, type StoreProgress } from '../../domain/releases.ts';
import { completeTask } from '../../store/tasks.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

export interface UpdateReleaseInput extends StoreProgress {
  incidentId: string;
  releaseId: string;
}

/** Records a store app's progress: submitted, approved, forced update set (which ends that task). */
export async function updateRelease(ctx: UseCaseContext, input: UpdateReleaseInput): Promise<void> {
  const { row, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  const release = await ctx.tx
    .selectFrom('releases')
    .selectAll()
    .where('id', '=', input.releaseId)
    .where('incident_id', '=', row.id)
    .executeTakeFirst();
  if (!release) throw new DomainError('release_not_found', { id: input.releaseId });
  const platform = findPlatform(playbook, release.platform);
  if (!platform) throw new DomainError('unknown_platform', { platform: release.platform, allowed: '' });
  const current = {
    storeSubmittedAt: release.store_submitted_at,
    storeApprovedAt: release.store_approved_at,
    forcedUpdateAt: release.forced_update_at,
  };
  checkStoreProgress(platform, current, input, ctx.now);
  await ctx.tx
    .updateTable('releases')
    .set({
      store_submitted_at: input.storeSubmittedAt ?? current.storeSubmittedAt,
      store_approved_at: input.storeApprovedAt ?? current.storeApprovedAt,
      forced_update_at: input.forcedUpdateAt ?? current.forcedUpdateAt,
    })
    .where('id', '=', release.id)
    .execute();
  if (input.forcedUpdateAt) {
    await completeTask(ctx.tx, row.id, { key: `set_forced_update:${platform.id}` }, ctx.actor.userId, ctx.now);
  }
  await recordIncidentChange(ctx, row, {
    type: 'incident.release_updated',
    data: {
      releaseId: release.id,
      platform: platform.id,
      storeSubmittedAt: input.storeSubmittedAt?.toISOString() ?? null,
      storeApprovedAt: input.storeApprovedAt?.toISOString() ?? null,
      forcedUpdateAt: input.forcedUpdateAt?.toISOString() ?? null,
    },
  });
}
