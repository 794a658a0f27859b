import { claimSubmission, recordSubmissionResult, type SubmissionKind } from '../../store/slack-submissions.ts';
import { DomainError } from '../../domain/errors.ts';
import { findVisibleAction } from '../actions/action-view.ts';
import { updateAction, type UpdateActionInput } from '../actions/update-action.ts';
import { addNote, type AddNoteInput } from '../incidents/add-note.ts';
import type { UseCaseContext } from '../context.ts';
import { declareIncident, type DeclareIncidentInput } from '../incidents/declare-incident.ts';
import { createReport, type CreateReportInput } from '../reports/create-report.ts';
import { declareFromReport, type DeclareFromReportInput } from '../reports/declare-from-report.ts';

/**
 * Declare and report from Slack, at most once per submission. Slack may deliver one submission
 * several times (retries, a double click, a workflow step run again); the key derived from it
 * (e.g. `view:<view id>:<hash>`) is claimed in the same transaction as the incident or report, so
 * every delivery after the first returns what the first one made.
 */
export interface Once<T> {
  key: string;
  input: T;
}

export interface SubmittedOnce {
  id: string;
  /** False when an earlier delivery of the same submission made it. */
  isNew: boolean;
  number: number | null;
}

async function once(
  ctx: UseCaseContext,
  key: string,
  kind: SubmissionKind,
  make: () => Promise<{ id: string; number: number }>,
): Promise<SubmittedOnce | null> {
  const earlier = await claimSubmission(ctx.tx, { workspaceId: ctx.workspaceId, key, kind, at: ctx.now });
  if (earlier) return earlier.resultId === null ? null : { id: earlier.resultId, isNew: false, number: null };
  const made = await make();
  await recordSubmissionResult(ctx.tx, ctx.workspaceId, key, made.id);
  return { id: made.id, isNew: true, number: made.number };
}

/** Declares an incident unless this submission already did; null when an earlier claim made nothing. */
export function declareIncidentOnce(ctx: UseCaseContext, input: Once<DeclareIncidentInput>): Promise<SubmittedOnce | null> {
  return once(ctx, input.key, 'incident', () => declareIncident(ctx, input.input));
}

/** Declares an incident from a report unless this submission already did. */
export function declareFromReportOnce(ctx: UseCaseContext, input: Once<DeclareFromReportInput>): Promise<SubmittedOnce | null> {
  return once(ctx, input.key, 'incident', () => declareFromReport(ctx, input.input));
}

/** Records a report unless this submission already did. */
export function createReportOnce(ctx: UseCaseContext, input: Once<CreateReportInput>): Promise<SubmittedOnce | null> {
  return once(ctx, input.key, 'report', () => createReport(ctx, input.input));
}

/**
 * Adds a Slack message to an incident's timeline once per message (key `message:<channel>:<ts>`),
 * whether it comes from the reaction, the message shortcut, or a retry of either.
 */
export async function addMessageToTimelineOnce(ctx: UseCaseContext, input: Once<AddNoteInput>): Promise<boolean> {
  const made = await once(ctx, input.key, 'note', async () => {
    await addNote(ctx, input.input);
    return { id: input.input.incidentId, number: 0 };
  });
  return made?.isNew ?? false;
}

/**
 * Marks a prevention action done or deferred from Slack (the digest's buttons), once per
 * submission: a second delivery of the same view changes nothing and returns false. An action
 * already done or deferred is refused (`action_transition`) rather than edited, as a second
 * person's click on the same digest line would otherwise overwrite the first one's evidence.
 */
export async function settleActionOnce(
  ctx: UseCaseContext,
  input: Once<UpdateActionInput & { status: 'done' | 'deferred' }>,
): Promise<boolean> {
  const made = await once(ctx, input.key, 'action', async () => {
    const current = await findVisibleAction(ctx, input.input.actionId);
    if (current.status === 'done' || current.status === 'deferred')
      throw new DomainError('action_transition', { from: current.status, to: input.input.status });
    const view = await updateAction(ctx, input.input);
    return { id: view.id, number: 0 };
  });
  return made?.isNew ?? false;
}
