import { DomainError } from '../../domain/errors.ts';
import type { IncidentStatus } from '../../domain/incident.ts';
import { findPlatform } from '../../domain/playbook.ts';
import type { RoleWarning } from '../../domain/roles.ts';
import { requireSeverity } from '../../domain/severity.ts';
import { tasksOnEntering } from '../../domain/tasks.ts';
import { insertDeclaredIncident } from '../../store/declare-groups.ts';
import { findIncident, loadSnapshot } from '../../store/incidents.ts';
import { jobRow } from '../../store/scheduled-jobs.ts';
import type { IncidentRow } from '../../store/schema.ts';
import type { TaskView } from '../../store/tasks.ts';
import type { UseCase, UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { homeRefreshEntry } from '../slack/home-refresh.ts';
import { applyRoleAssignment, requireActiveUser } from './assign-role.ts';
import { effectEntries, statusEffects } from './record-change.ts';
import { timersOnEntering } from './status-timers.ts';

export interface DeclareIncidentInput {
  title: string;
  summary?: string | undefined;
  impact?: string | undefined;
  severity?: string | undefined;
  platforms?: string[] | undefined;
  isPrivate?: boolean | undefined;
  detectedAt?: Date | undefined;
  reportedAt?: Date | undefined;
  impactStartedAt?: Date | undefined;
  triggeredByUserId?: string | undefined;
  commanderId?: string | undefined;
  investigatorId?: string | undefined;
  /** People to add as members (they see a private incident). */
  memberIds?: string[] | undefined;
}

export interface DeclaredIncident {
  id: string;
  number: number;
  status: IncidentStatus;
  warnings: RoleWarning[];
  /** The incident as written, when nothing else changed it in the same call. */
  created: { row: IncidentRow; tasks: TaskView[] } | null;
}

/**
 * Declares an incident. With a severity it enters `responding` at once (channel, announcement and
 * the responding tasks follow); without one it waits in `triage`. Everything is written by one
 * statement, then the initial roles (if any) are assigned.
 */
export const declareIncident: UseCase<DeclareIncidentInput, DeclaredIncident> = Object.assign(declare, {
  writesOneStatement: (input: DeclareIncidentInput) => !hasInitialRoles(input),
});

const hasInitialRoles = (input: DeclareIncidentInput) => Boolean(input.commanderId || input.investigatorId);

async function declare(ctx: UseCaseContext, input: DeclareIncidentInput): Promise<DeclaredIncident> {
  authorize(ctx.actor, 'incident.declare');
  const { playbook, id: playbookVersionId } = ctx.playbooks.current();
  if (input.severity !== undefined) requireSeverity(playbook, input.severity);
  const platforms = [...new Set(input.platforms ?? [])];
  for (const platform of platforms) {
    if (!findPlatform(playbook, platform)) {
      throw new DomainError('unknown_platform', { platform, allowed: playbook.platforms.map((p) => p.id).join(', ') });
    }
  }
  for (const userId of new Set([input.triggeredByUserId, ...(input.memberIds ?? [])])) {
    if (userId) await requireActiveUser(ctx, userId);
  }
  const id = ctx.newId();
  const status: IncidentStatus = input.severity ? 'responding' : 'triage';
  const statuses: IncidentStatus[] = status === 'responding' ? ['triage', 'responding'] : ['triage'];
  const drafts = statuses.flatMap((s) => tasksOnEntering(playbook, s, { severity: input.severity ?? null, platforms }, new Set()));
  const tasks = drafts.map((d) => ({ ...d, id: ctx.newId() }));
  // No card refresh: open_channel posts the card as the incident is when it is delivered, and a
  // triage incident has no card yet.
  const effects = statusEffects(status, input.severity ?? null, ctx.now);
  const row = await insertDeclaredIncident(ctx.tx, {
    incident: {
      id,
      workspace_id: ctx.workspaceId,
      title: input.title,
      summary: input.summary ?? '',
      impact: input.impact ?? '',
      severity: input.severity ?? null,
      status,
      platforms,
      is_private: input.isPrivate ?? false,
      playbook_version_id: playbookVersionId,
      created_by: ctx.actor.userId,
      triggered_by_user_id: input.triggeredByUserId ?? null,
      detected_at: input.detectedAt ?? input.reportedAt ?? ctx.now,
      reported_at: input.reportedAt ?? ctx.now,
      impact_started_at: input.impactStartedAt ?? null,
      declared_at: ctx.now,
      status_changed_at: ctx.now,
      created_at: ctx.now,
      updated_at: ctx.now,
    },
    memberIds: [ctx.actor.userId, ...(input.memberIds ?? [])],
    tasks: tasks.map((t) => ({ id: t.id, key: t.key, role: t.role, status_scope: t.statusScope, title: t.title, blocks: t.blocks })),
    event: {
      id: ctx.newId(),
      type: 'incident.declared',
      actor_id: ctx.actor.userId,
      data: { title: input.title, severity: input.severity ?? null, status, platforms },
    },
    outbox: [...effectEntries(ctx, id, effects), homeRefreshEntry(ctx)],
    jobs: timersOnEntering({ id, severity: input.severity ?? null }, status, playbook, 1, ctx).map(jobRow),
  });
  const warnings = await assignInitialRoles(ctx, id, input);
  return {
    id,
    number: row.number,
    status,
    warnings,
    // Without initial roles the caller can show the incident without reading it back.
    created: hasInitialRoles(input)
      ? null
      : {
          row,
          // Ordered as a read-back orders them (created together, so by key).
          tasks: tasks
            .map((t) => ({ ...t, createdAt: ctx.now, doneAt: null, doneBy: null }))
            .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
        },
  };
}

async function assignInitialRoles(
  ctx: UseCaseContext,
  incidentId: string,
  input: DeclareIncidentInput,
): Promise<RoleWarning[]> {
  const wanted: [string, string | undefined][] = [
    ['commander', input.commanderId],
    ['investigator', input.investigatorId],
  ];
  const warnings: RoleWarning[] = [];
  for (const [role, userId] of wanted) {
    if (!userId) continue;
    const row = await findIncident(ctx.tx, ctx.workspaceId, incidentId);
    if (!row) throw new DomainError('incident_not_found', { id: incidentId });
    const loaded = { row, snapshot: await loadSnapshot(ctx.tx, row), playbook: ctx.playbooks.current().playbook };
    warnings.push(...(await applyRoleAssignment(ctx, loaded, role, userId)).warnings);
  }
  return warnings;
}
