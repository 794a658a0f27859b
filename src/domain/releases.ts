import { DomainError } from './errors.ts';
import type { IncidentSnapshot, Milestone, ReleaseKind } from './incident.ts';
import { findPlatform, type Playbook, type PlatformDefinition } from './playbook.ts';
import { forcedUpdateTask, type TaskDraft } from './tasks.ts';

export interface ReleasePlan {
  platform: PlatformDefinition;
  kind: ReleaseKind;
  milestones: Partial<Record<Milestone, Date>>;
  tasks: TaskDraft[];
  /** The platform was not yet listed on the incident. */
  addsPlatform: boolean;
}

/** Checks a release or rollback and says which milestones and tasks it brings. */
export function planRelease(
  incident: IncidentSnapshot,
  input: { platform: string; kind: ReleaseKind; now: Date },
  playbook: Playbook,
): ReleasePlan {
  const platform = findPlatform(playbook, input.platform);
  if (!platform) {
    throw new DomainError('unknown_platform', {
      platform: input.platform,
      allowed: playbook.platforms.map((p) => p.id).join(', '),
    });
  }
  if (incident.status !== 'responding' && incident.status !== 'monitoring') {
    throw new DomainError('release_not_allowed', { status: incident.status });
  }
  if (input.kind === 'rollback' && !platform.canRollback) {
    throw new DomainError('rollback_not_possible', {
      platform: platform.id,
      nameJa: platform.name.ja,
      nameEn: platform.name.en,
    });
  }
  const milestones: Partial<Record<Milestone, Date>> = {};
  if (!incident.milestones.mitigated_at) milestones.mitigated_at = input.now;
  if (input.kind === 'fix' && !incident.milestones.released_at) milestones.released_at = input.now;
  const hasForcedUpdateTask = incident.openTasks.some(
    (t) => t.key === `set_forced_update:${platform.id}`,
  );
  const tasks =
    input.kind === 'fix' && platform.isStoreApp && !hasForcedUpdateTask
      ? [forcedUpdateTask(platform.id, platform.name)]
      : [];
  return {
    platform,
    kind: input.kind,
    milestones,
    tasks,
    addsPlatform: !incident.platforms.includes(platform.id),
  };
}

export interface StoreProgress {
  storeSubmittedAt?: Date | undefined;
  storeApprovedAt?: Date | undefined;
  forcedUpdateAt?: Date | undefined;
}

/** Store timestamps only make sense for store apps and in order: submitted ≤ approved ≤ forced. */
export function checkStoreProgress(
  platform: PlatformDefinition,
  current: {
    storeSubmittedAt: Date | null;
    storeApprovedAt: Date | null;
    forcedUpdateAt: Date | null;
  },
  change: StoreProgress,
  now: Date,
): void {
  if (!platform.isStoreApp) {
    throw new DomainError('validation_failed', {
      field: 'storeSubmittedAt',
      reason: 'not_a_store_app',
    });
  }
  const merged = {
    storeSubmittedAt: change.storeSubmittedAt ?? current.storeSubmittedAt,
    storeApprovedAt: change.storeApprovedAt ?? current.storeApprovedAt,
    forcedUpdateAt: change.forcedUpdateAt ?? current.forcedUpdateAt,
  };
  for (const [field, at] of Object.entries(merged)) {
    if (at && at.getTime() > now.getTime())
      throw new DomainError('milestone_in_future', { milestone: field });
  }
  const order: [keyof typeof merged, keyof typeof merged][] = [
    ['storeSubmittedAt', 'storeApprovedAt'],
    ['storeApprovedAt', 'forcedUpdateAt'],
  ];
  for (const [before, after] of order) {
    const a = merged[before];
    const b = merged[after];
    if (a && b && a.getTime() > b.getTime())
      throw new DomainError('milestone_order', { before, after });
  }
}
