import { DomainError, isDomainError } from '../../domain/errors.ts';
import { isOverdue, trackerKind, type TrackerKind } from '../../domain/actions.ts';
import type { ActionStatus } from '../../domain/incident.ts';
import {
  findAction,
  findActionListRow,
  type ActionListRow,
  type ActionRow,
} from '../../store/actions.ts';
import type { UseCaseContext } from '../context.ts';
import {
  findVisibleIncident,
  loadIncidentForChange,
  type LoadedIncident,
} from '../incidents/load-incident.ts';
import { todayIn } from './today.ts';

/** A prevention action as the transports show it. */
export interface ActionView {
  id: string;
  incident: { id: string; number: number; title: string };
  title: string;
  owner: { id: string; name: string };
  /** `YYYY-MM-DD` in the workspace's timezone. */
  dueDate: string;
  priority: 'high' | 'medium' | 'low';
  status: ActionStatus;
  evidence: string | null;
  reason: string | null;
  /** The postmortem section it came from (e.g. `prevention`). */
  section: string | null;
  /** The item in an external tracker, if linked. */
  tracker: { url: string; kind: TrackerKind } | null;
  /** Open or in progress with the due date before today. */
  isOverdue: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
}

export function actionView(row: ActionListRow, today: string): ActionView {
  return {
    id: row.id,
    incident: { id: row.incident_id, number: row.incident_number, title: row.incident_title },
    title: row.title,
    owner: { id: row.owner_id, name: row.owner_name },
    dueDate: row.due_date,
    priority: row.priority,
    status: row.status,
    evidence: row.evidence,
    reason: row.reason,
    section: row.section,
    tracker: row.tracker_url ? { url: row.tracker_url, kind: trackerKind(new URL(row.tracker_url)) } : null,
    isOverdue: isOverdue({ status: row.status, dueDate: row.due_date }, today),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}

/** Today in the workspace's timezone (the playbook in force), for due dates and "overdue". */
export function workspaceToday(ctx: UseCaseContext): string {
  return todayIn(ctx.playbooks.current().playbook.workspace.timezone, ctx.now);
}

/** Reads one action for display; the caller has checked that its incident is visible. */
export async function readActionView(ctx: UseCaseContext, id: string): Promise<ActionView> {
  const today = workspaceToday(ctx);
  const row = await findActionListRow(ctx.tx, ctx.workspaceId, id, today);
  if (!row) throw new DomainError('action_not_found', { id });
  return actionView(row, today);
}

/**
 * Finds an action whose incident the actor may see; otherwise `action_not_found`, so an action
 * of a private incident does not leak.
 */
export async function findVisibleAction(ctx: UseCaseContext, id: string): Promise<ActionRow> {
  const action = await findAction(ctx.tx, ctx.workspaceId, id);
  if (!action) throw new DomainError('action_not_found', { id });
  await asActionNotFound(id, () => findVisibleIncident(ctx, action.incident_id));
  return action;
}

/** Locks the action's incident (the closing guard reads its actions) and then the action. */
export async function loadActionForChange(
  ctx: UseCaseContext,
  id: string,
): Promise<{ action: ActionRow; incident: LoadedIncident }> {
  const found = await findAction(ctx.tx, ctx.workspaceId, id);
  if (!found) throw new DomainError('action_not_found', { id });
  const incident = await asActionNotFound(id, () => loadIncidentForChange(ctx, found.incident_id));
  const action = await findAction(ctx.tx, ctx.workspaceId, id, { forUpdate: true });
  if (!action) throw new DomainError('action_not_found', { id });
  return { action, incident };
}

async function asActionNotFound<T>(id: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isDomainError(error) && error.code === 'incident_not_found')
      throw new DomainError('action_not_found', { id });
    throw error;
  }
}
