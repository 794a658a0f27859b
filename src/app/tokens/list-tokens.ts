import { listTokens as listTokenRows, type ApiToken } from '../../store/tokens.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface ListTokensInput {
  /** Whose tokens; absent: the actor's own (admins: everyone's). */
  userId?: string | undefined;
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/** A page of tokens, newest first: one's own, or (admins) anyone's. Secrets are never listed. */
export async function listTokens(ctx: UseCaseContext, input: ListTokensInput): Promise<ApiToken[]> {
  const isAdmin = ctx.actor.role === 'admin';
  const userId = input.userId ?? (isAdmin ? undefined : ctx.actor.userId);
  if (userId !== undefined) authorize(ctx.actor, 'token.read', { ownerId: userId });
  return listTokenRows(ctx.tx, { workspaceId: ctx.workspaceId, userId, after: input.after, limit: input.limit });
}
