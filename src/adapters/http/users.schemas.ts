import { z } from 'zod';
import { WORKSPACE_ROLES } from '../../domain/actor.ts';
import { LOCALES } from '../../domain/playbook.ts';
import { pageQueryShape, pageSchema } from './pagination.ts';

export const workspaceRole = z
  .enum(WORKSPACE_ROLES)
  .meta({ description: 'viewer < responder < admin' });
export const locale = z.enum(LOCALES);

const name = z.string().trim().min(1).max(200);
const slackUserId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .meta({ description: 'Slack member id, e.g. U012AB3CD' });

export const createUserBody = z.strictObject({
  name,
  email: z.email().max(320),
  role: workspaceRole,
  slackUserId: slackUserId.optional(),
  locale: locale.optional(),
});

export const updateUserBody = z.strictObject({
  name: name.optional(),
  role: workspaceRole.optional(),
  slackUserId: slackUserId.nullable().optional(),
  locale: locale.nullable().optional().meta({ description: 'null: follow the browser’s language' }),
  isActive: z.boolean().optional(),
});

export const userIdParams = z.strictObject({ id: z.string().max(100) });

export const listUsersQuery = z.strictObject({
  ...pageQueryShape,
  role: workspaceRole.optional(),
  isActive: z.stringbool().optional(),
});

export const userResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: workspaceRole,
  slackUserId: z.string().nullable(),
  locale: locale.nullable(),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const userPageResponse = pageSchema(userResponse);

/** Cursor keys of the users list (ordered by name, then id). */
export const userCursor = z.strictObject({ name: z.string(), id: z.guid() });
