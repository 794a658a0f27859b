import { DomainError } from '../../domain/errors.ts';
import { deleteSessionsOfUser, findPassword, upsertPassword } from '../../store/sessions.ts';
import { findUserById } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './password.ts';

export interface SetPasswordInput {
  userId: string;
  password: string;
  /** Required when users change their own password and already have one. */
  currentPassword?: string | undefined;
  /** The caller's own session, kept open when they change their own password. */
  keepSessionId?: string | undefined;
}

/**
 * Sets a user's password: admins set or reset anyone's; users change their own, giving the current
 * one. Every other session of that user ends (a reset locks out whoever had the old password).
 */
export async function setPassword(ctx: UseCaseContext, input: SetPasswordInput): Promise<{ endedSessions: number }> {
  const isSelf = input.userId === ctx.actor.userId;
  authorize(ctx.actor, isSelf ? 'user.update_profile' : 'user.manage', { ownerId: input.userId });
  const length = [...input.password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new DomainError('validation_failed', { field: 'password', reason: 'length' });
  }
  const user = await findUserById(ctx.tx, ctx.workspaceId, input.userId);
  if (!user) throw new DomainError('user_not_found', { id: input.userId });
  if (isSelf) {
    const stored = await findPassword(ctx.tx, user.id);
    if (stored && !(input.currentPassword !== undefined && (await verifyPassword(input.currentPassword, stored)))) {
      throw new DomainError('invalid_credentials');
    }
  }
  await upsertPassword(ctx.tx, user.id, await hashPassword(input.password), ctx.now);
  const endedSessions = await deleteSessionsOfUser(ctx.tx, user.id, isSelf ? input.keepSessionId : undefined);
  return { endedSessions };
}
