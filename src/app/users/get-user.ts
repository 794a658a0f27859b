import { DomainError } from '../../domain/errors.ts';
import { findUserById, type User } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

/** One user: admins see anyone, others themselves. */
export async function getUser(ctx: UseCaseContext, input: { id: string }): Promise<User> {
  authorize(ctx.actor, 'user.read', { ownerId: input.id });
  const user = await findUserById(ctx.tx, ctx.workspaceId, input.id);
  if (!user) throw new DomainError('user_not_found', { id: input.id });
  return user;
}
