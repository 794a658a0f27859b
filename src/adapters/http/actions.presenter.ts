import type { z } from 'zod';
import type { ActionView } from '../../app/actions/action-view.ts';
import type { ActionCursor } from '../../app/actions/list-actions.ts';
import { actionCursorKeys, type actionResponse } from './actions.schemas.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';

type ActionJson = z.infer<typeof actionResponse>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A prevention action as the API shows it (`isOverdue` against today in the workspace's timezone). */
export function presentAction(view: ActionView): ActionJson {
  return {
    id: view.id,
    incidentId: view.incident.id,
    incident: view.incident,
    title: view.title,
    ownerId: view.owner.id,
    owner: view.owner,
    dueDate: view.dueDate,
    priority: view.priority,
    status: view.status,
    evidence: view.evidence,
    reason: view.reason,
    section: view.section,
    tracker: view.tracker,
    isOverdue: view.isOverdue,
    createdBy: view.createdBy,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    doneAt: iso(view.doneAt),
  };
}

/** The opaque cursor after an action in the board order. */
export function encodeActionCursor(cursor: ActionCursor): string {
  return encodeCursor({ rank: cursor.overdueRank, due: cursor.dueDate, id: cursor.id });
}

/** Reads a cursor back; one that does not fit is a 400 on `cursor`. */
export function decodeActionCursor(cursor: string | undefined): ActionCursor | undefined {
  const keys = decodeCursor(cursor, actionCursorKeys);
  return keys && { overdueRank: keys.rank, dueDate: keys.due, id: keys.id };
}
