import { DomainError } from '../../domain/errors.ts';
import { displayPrefix, generateToken, hashToken, insertToken, type ApiToken } from '../../store/tokens.ts';
import { findUserById } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface CreateTokenInput {
  userId: string;
  name: string;
}

export interface CreatedToken {
  token: ApiToken;
  /** The token itself: shown once, never stored. */
  secret: string;
}

/** Issues an API token for a user: admins for anyone, anyone for themself. */
export async function createToken(ctx: UseCaseContext, input: CreateTokenInput): Promise<CreatedToken> {
  authorize(ctx.actor, 'token.create', { ownerId: input.userId });
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', { field: 'name', reason: 'required' });
  const user = await findUserById(ctx.tx, ctx.workspaceId, input.userId);
  if (!user) throw new DomainError('user_not_found', { id: input.userId });
  const secret = generateToken();
  const token = await insertToken(ctx.tx, {
    id: ctx.newId(),
    userId: user.id,
    name,
    tokenHash: hashToken(secret),
    prefix: displayPrefix(secret),
    createdAt: ctx.now,
  });
  if (!token) throw new DomainError('conflict', { field: 'token' });
  return { token, secret };
}
