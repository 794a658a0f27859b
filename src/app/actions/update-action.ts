import type { Updateable } from 'kysely';
import { checkActionTransition, checkDueDate, checkTrackerUrl } from '../../domain/actions.ts';
import { DomainError } from '../../domain/errors.ts';
import { isFinished, type ActionStatus } from '../../domain/incident.ts';
import { allowedTransitions, blockersFor } from '../../domain/incident-lifecycle.ts';
import { saveActionChange, type ActionRow } from '../../store/actions.ts';
import { addMembers, loadSnapshot } from '../../store/incidents.ts';
import type { ActionsTable } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';
import { requireActiveUser } from '../incidents/assign-role.ts';
import { changeIncidentStatus } from '../incidents/change-status.ts';
import type { LoadedIncident } from '../incidents/load-incident.ts';
import { recordIncidentChange } from '../incidents/record-change.ts';
import { enqueueDigestRefresh } from '../slack/digest-refresh.ts';
import {
  loadActionForChange,
  readActionView,
  workspaceToday,
  type ActionView,
} from './action-view.ts';
import type { ActionPriority } from './create-action.ts';
import { checkCalendarDate } from './dates.ts';

export interface UpdateActionInput {
  actionId: string;
  status?: ActionStatus | undefined;
  /** Needed to mark it done: a link (http/https) or a note of at least 3 characters. */
  evidence?: string | undefined;
  /** Needed to defer it. */
  reason?: string | undefined;
  title?: string | undefined;
  dueDate?: string | undefined;
  ownerId?: string | undefined;
  priority?: ActionPriority | undefined;
  /** Link to the tracker item; null removes it. */
  trackerUrl?: string | null | undefined;
}

const EVIDENCE_NOTE_MIN_CHARS = 3;
/** The note of a status change made by auto-close (the timeline shows who settled the last action). */
const AUTO_CLOSE_NOTE = 'auto-close: every prevention action is done or deferred';

/**
 * Moves a prevention action along open → in_progress → done | deferred, and edits its title,
 * owner, due date or priority. Done needs evidence, deferred a reason (these gate closing).
 */
export async function updateAction(
  ctx: UseCaseContext,
  input: UpdateActionInput,
): Promise<ActionView> {
  const { action, incident } = await loadActionForChange(ctx, input.actionId);
  if (isFinished(incident.snapshot.status))
    throw new DomainError('incident_finished', { status: incident.snapshot.status });
  const from = action.status;
  const to = input.status ?? from;
  const changes = await fieldChanges(ctx, action, input, incident);
  const patch: Updateable<ActionsTable> = {
    ...statusPatch(from, to, input, ctx.now),
    ...changes.patch,
  };
  if (Object.keys(patch).length === 0) return readActionView(ctx, action.id);
  if (!(await saveActionChange(ctx.tx, action.id, from, { ...patch, updated_at: ctx.now }))) {
    throw new DomainError('conflict', { reason: 'action_changed' });
  }
  await recordIncidentChange(ctx, incident.row, {
    type: to !== from ? 'action.status_changed' : 'action.updated',
    data: {
      actionId: action.id,
      title: patch.title ?? action.title,
      ...(to !== from ? { from, to } : {}),
      ...(patch.evidence ? { evidence: patch.evidence } : {}),
      ...(patch.reason ? { reason: patch.reason } : {}),
      ...(Object.keys(changes.fields).length > 0 ? { changes: changes.fields } : {}),
    },
  });
  if (to !== from) await closeIfSettled(ctx, incident);
  // Today's digest in Slack may list it (docs/actions.md, "The digest stays current").
  await enqueueDigestRefresh(ctx);
  return readActionView(ctx, action.id);
}

/**
 * The status move with its evidence or reason. Evidence goes with done and a reason with
 * deferred (sent alone, they replace the stored one); leaving done or deferred clears them.
 */
function statusPatch(
  from: ActionStatus,
  to: ActionStatus,
  input: UpdateActionInput,
  now: Date,
): Updateable<ActionsTable> {
  const patch: Updateable<ActionsTable> = {};
  if (to !== from) {
    checkActionTransition(from, to, { evidence: input.evidence, reason: input.reason });
    patch.status = to;
    patch.done_at = to === 'done' ? now : null;
    if (from === 'done') patch.evidence = null;
    if (from === 'deferred') patch.reason = null;
  }
  if (input.evidence !== undefined) {
    if (to !== 'done') throw new DomainError('validation_failed', { field: 'evidence' });
    checkEvidence(input.evidence);
    patch.evidence = input.evidence.trim();
  }
  if (input.reason !== undefined) {
    if (to !== 'deferred') throw new DomainError('validation_failed', { field: 'reason' });
    if (input.reason.trim() === '') throw new DomainError('reason_required', { field: 'reason' });
    patch.reason = input.reason.trim();
  }
  return patch;
}

/** Title, due date, owner and priority edits that differ from what is stored. */
async function fieldChanges(
  ctx: UseCaseContext,
  action: ActionRow,
  input: UpdateActionInput,
  incident: LoadedIncident,
): Promise<{ patch: Updateable<ActionsTable>; fields: Record<string, string> }> {
  const patch: Updateable<ActionsTable> = {};
  const fields: Record<string, string> = {};
  const title = input.title?.trim();
  if (title !== undefined && title !== action.title) {
    if (title === '')
      throw new DomainError('validation_failed', { field: 'title', reason: 'required' });
    patch.title = fields['title'] = title;
  }
  if (input.dueDate !== undefined && input.dueDate !== action.due_date) {
    checkCalendarDate('dueDate', input.dueDate);
    checkDueDate(input.dueDate, workspaceToday(ctx));
    patch.due_date = fields['dueDate'] = input.dueDate;
  }
  if (input.ownerId !== undefined && input.ownerId !== action.owner_id) {
    await requireActiveUser(ctx, input.ownerId);
    if (incident.row.is_private) await addMembers(ctx.tx, incident.row.id, [input.ownerId]);
    patch.owner_id = fields['ownerId'] = input.ownerId;
  }
  if (input.priority !== undefined && input.priority !== action.priority) {
    patch.priority = fields['priority'] = input.priority;
  }
  if (input.trackerUrl !== undefined) {
    const url = input.trackerUrl === null ? null : checkTrackerUrl(input.trackerUrl).url;
    if (url !== action.tracker_url) {
      patch.tracker_url = url;
      fields['trackerUrl'] = url ?? '';
    }
  }
  return { patch, fields };
}

/**
 * With the playbook's `followUp.autoClose`, the last action done or deferred closes the incident
 * (when nothing else blocks closing; otherwise it stays in follow-up for a person to close).
 */
async function closeIfSettled(ctx: UseCaseContext, incident: LoadedIncident): Promise<void> {
  if (
    !incident.playbook.followUp.autoClose ||
    !allowedTransitions(incident.snapshot.status).includes('closed')
  )
    return;
  const snapshot = await loadSnapshot(ctx.tx, incident.row);
  if (
    blockersFor(snapshot, 'closed', incident.playbook, { actor: ctx.actor, now: ctx.now }).length >
    0
  )
    return;
  await changeIncidentStatus(ctx, {
    incidentId: incident.row.id,
    status: 'closed',
    note: AUTO_CLOSE_NOTE,
  });
}

/** Evidence is a link (http or https only: it is shown as one) or a note of a few characters. */
export function checkEvidence(evidence: string): void {
  const text = evidence.trim();
  const looksLikeLink =
    /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(javascript|data|vbscript|file):/i.test(text);
  const isValid = looksLikeLink ? isHttpUrl(text) : text.length >= EVIDENCE_NOTE_MIN_CHARS;
  if (!isValid) throw new DomainError('evidence_required', { field: 'evidence' });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
