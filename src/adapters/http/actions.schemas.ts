import { z } from 'zod';
import { pageQueryShape, pageSchema } from './pagination.ts';

/** Request and response shapes of the prevention-action routes. */

export { incidentIdParams } from './incidents.schemas.ts';

const calendarDay = z.iso.date().describe('YYYY-MM-DD in the workspace’s timezone');
const priority = z.enum(['high', 'medium', 'low']);
export const actionStatus = z.enum(['open', 'in_progress', 'done', 'deferred']);

export const actionIdParams = z.strictObject({ id: z.uuid() });

export const createActionBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  ownerId: z.uuid(),
  dueDate: calendarDay,
  priority: priority.optional(),
  section: z
    .string()
    .min(1)
    .max(60)
    .optional()
    .describe('The postmortem section it comes from, e.g. prevention'),
  trackerUrl: z
    .string()
    .max(2_000)
    .optional()
    .describe('Link to the item in GitHub Issues, Jira, Linear or another tracker (http/https)'),
});

export const updateActionBody = z.strictObject({
  status: actionStatus.optional(),
  evidence: z
    .string()
    .max(2_000)
    .optional()
    .describe('Needed for done: a link (http/https) or a note of ≥ 3 characters'),
  reason: z.string().max(2_000).optional().describe('Needed for deferred'),
  title: z.string().trim().min(1).max(300).optional(),
  dueDate: calendarDay.optional(),
  ownerId: z.uuid().optional(),
  priority: priority.optional(),
  trackerUrl: z.string().max(2_000).nullable().optional().describe('Tracker link; null removes it'),
});

export const listActionsQuery = z.strictObject({
  status: z
    .union([z.string().max(200), z.array(z.string().max(40)).max(10)])
    .optional()
    .describe('One or several statuses (repeat the parameter or separate with commas)'),
  owner: z.uuid().optional().describe('Owner user id'),
  incidentId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only overdue; false: only not overdue'),
  ...pageQueryShape,
});

export const listIncidentActionsQuery = listActionsQuery.omit({ incidentId: true });

export const actionResponse = z.object({
  id: z.string(),
  incidentId: z.string(),
  incident: z.object({ id: z.string(), number: z.number().int(), title: z.string() }),
  title: z.string(),
  ownerId: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }),
  dueDate: z.string(),
  priority,
  status: actionStatus,
  evidence: z.string().nullable(),
  reason: z.string().nullable(),
  section: z.string().nullable().describe('The postmortem section it came from'),
  tracker: z
    .object({ url: z.string(), kind: z.enum(['github', 'jira', 'linear', 'other']) })
    .nullable(),
  isOverdue: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  doneAt: z.string().nullable(),
});

export const actionListResponse = pageSchema(actionResponse);

/** Cursor keys of the board order: overdue rank (0 first), due date, id. */
export const actionCursorKeys = z.strictObject({
  rank: z.union([z.literal(0), z.literal(1)]),
  due: z.iso.date(),
  id: z.guid(),
});
