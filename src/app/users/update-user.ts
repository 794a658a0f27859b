import type { WorkspaceRole } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import { findUserById, updateUser as updateUserRow, type User } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { checkSlackUserFree } from './create-user.ts';

export interface UpdateUserInput {
  id: string;
  name?: string | undefined;
  role?: WorkspaceRole | undefined;
  /** null unlinks the Slack user. */
  slackUserId?: string | null | undefined;
  /** null follows the browser's language again. */
  locale?: Locale | null | undefined;
  isActive?: boolean | undefined;
}

/**
 * Changes a user. Admins change anything; a user may change their own name and locale. Role,
 * Slack link and activity decide what someone may do or who they are, so they stay with admins.
 */
export async function updateUser(ctx: UseCaseContext, input: UpdateUserInput): Promise<User> {
  const { id, ...changes } = input;
  const isProfileOnly = changes.role === undefined && changes.slackUserId === undefined && changes.isActive === undefined;
  authorize(ctx.actor, isProfileOnly ? 'user.update_profile' : 'user.manage', { ownerId: id });
  const existing = await findUserById(ctx.tx, ctx.workspaceId, id);
  if (!existing) throw new DomainError('user_not_found', { id });
  const name = changes.name?.trim();
  if (name === '') throw new DomainError('validation_failed', { field: 'name', reason: 'required' });
  if (typeof changes.slackUserId === 'string') await checkSlackUserFree(ctx, changes.slackUserId, id);
  const updated = await updateUserRow(ctx.tx, ctx.workspaceId, id, { ...changes, name });
  if (!updated) throw new DomainError('user_not_found', { id });
  return updated;
}
