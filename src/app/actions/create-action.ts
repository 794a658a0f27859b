import { checkDueDate, checkTrackerUrl } from '../../domain/actions.ts';
import { DomainError } from '../../domain/errors.ts';
import { isActive, isFinished } from '../../domain/incident.ts';
import { insertAction } from '../../store/actions.ts';
import { addMembers } from '../../store/incidents.ts';
import type { UseCaseContext } from '../context.ts';
import { requireActiveUser } from '../incidents/assign-role.ts';
import { loadIncidentForChange } from '../incidents/load-incident.ts';
import { enqueueEffect, recordIncidentChange } from '../incidents/record-change.ts';
import { enqueueDigestRefresh } from '../slack/digest-refresh.ts';
import { readActionView, workspaceToday, type ActionView } from './action-view.ts';
import { checkCalendarDate } from './dates.ts';

export type ActionPriority = 'high' | 'medium' | 'low';

export interface CreateActionInput {
  incidentId: string;
  title: string;
  ownerId: string;
  /** `YYYY-MM-DD` in the workspace's timezone; today or later. */
  dueDate: string;
  priority?: ActionPriority | undefined;
  /** Key of the postmortem section the action comes from (e.g. `prevention`). */
  section?: string | undefined;
  /** A link to the item in the team's tracker (GitHub Issues, Jira, Linear), if it exists. */
  trackerUrl?: string | undefined;
}

/**
 * Adds a prevention action to an incident once the fight is over (resolved, postmortem or
 * follow-up). The owner of an action on a private incident becomes a member, to see it.
 */
export async function createAction(
  ctx: UseCaseContext,
  input: CreateActionInput,
): Promise<ActionView> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  if (isActive(snapshot.status) || isFinished(snapshot.status)) {
    throw new DomainError('action_not_allowed', { status: snapshot.status });
  }
  const title = input.title.trim();
  if (title === '')
    throw new DomainError('validation_failed', { field: 'title', reason: 'required' });
  if (
    input.section !== undefined &&
    !playbook.postmortem.sections.some((s) => s.key === input.section)
  ) {
    throw new DomainError(
      'validation_failed',
      { field: 'section' },
      { allowed: playbook.postmortem.sections.map((s) => s.key) },
    );
  }
  await requireActiveUser(ctx, input.ownerId);
  checkCalendarDate('dueDate', input.dueDate);
  checkDueDate(input.dueDate, workspaceToday(ctx));
  const tracker = input.trackerUrl === undefined ? null : checkTrackerUrl(input.trackerUrl);
  const id = ctx.newId();
  const priority = input.priority ?? 'medium';
  await insertAction(ctx.tx, {
    id,
    workspace_id: ctx.workspaceId,
    incident_id: row.id,
    title,
    owner_id: input.ownerId,
    due_date: input.dueDate,
    priority,
    status: 'open',
    evidence: null,
    reason: null,
    created_by: ctx.actor.userId,
    created_at: ctx.now,
    updated_at: ctx.now,
    done_at: null,
    section: input.section ?? null,
    tracker_url: tracker?.url ?? null,
  });
  if (row.is_private) await addMembers(ctx.tx, row.id, [input.ownerId]);
  await recordIncidentChange(ctx, row, {
    type: 'action.created',
    data: {
      actionId: id,
      title,
      ownerId: input.ownerId,
      dueDate: input.dueDate,
      priority,
      section: input.section ?? null,
    },
  });
  const view = await readActionView(ctx, id);
  // A team's tracker may create its own item from this (docs/webhooks.md).
  await enqueueEffect(ctx, row.id, 'webhook.deliver', `action.created:${id}`, {
    event: 'action.created',
    data: actionWebhookData(view),
  });
  await enqueueDigestRefresh(ctx);
  return view;
}

/** What the `action.created` webhook carries: the action as the API shows it, dates as text. */
export function actionWebhookData(view: ActionView): Record<string, unknown> {
  return {
    action: {
      id: view.id,
      title: view.title,
      owner: view.owner,
      dueDate: view.dueDate,
      priority: view.priority,
      status: view.status,
      section: view.section,
      trackerUrl: view.tracker?.url ?? null,
      createdAt: view.createdAt.toISOString(),
    },
    incident: view.incident,
  };
}
