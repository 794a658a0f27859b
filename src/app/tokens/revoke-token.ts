import { DomainError } from '../../domain/errors.ts';
import { findTokenById, revokeToken as revokeTokenRow, type ApiToken } from '../../store/tokens.ts';
import type { UseCaseContext } from '../context.ts';
import { can } from '../policies.ts';

/**
 * Revokes a token: its holder or an admin. Someone else's token reads as not found, so token ids
 * reveal nothing. Revoking twice keeps the first revocation.
 */
export async function revokeToken(ctx: UseCaseContext, input: { id: string }): Promise<ApiToken> {
  const token = await findTokenById(ctx.tx, ctx.workspaceId, input.id);
  if (!token || !can(ctx.actor, 'token.revoke', { ownerId: token.userId })) {
    throw new DomainError('not_found', { what: 'token' });
  }
  const revoked = await revokeTokenRow(ctx.tx, token.id, ctx.now);
  if (!revoked) throw new DomainError('not_found', { what: 'token' });
  return revoked;
}
