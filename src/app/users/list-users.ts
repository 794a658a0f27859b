import type { WorkspaceRole } from '../../domain/actor.ts';
import { listUsers as listUserRows, type User } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface ListUsersInput {
  role?: WorkspaceRole | undefined;
  isActive?: boolean | undefined;
  /** Users strictly after this (name, id). */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

/** A page of the workspace's users, by name (admins only). */
export async function listUsers(ctx: UseCaseContext, input: ListUsersInput): Promise<User[]> {
  authorize(ctx.actor, 'user.manage');
  return listUserRows(ctx.tx, { workspaceId: ctx.workspaceId, ...input });
}
