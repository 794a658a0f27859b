import type { z } from 'zod';
import type { CreatedToken } from '../../app/tokens/create-token.ts';
import type { ApiToken } from '../../store/tokens.ts';
import type { createdTokenResponse, tokenResponse } from './tokens.schemas.ts';

/** A token as lists show it: never the token itself. */
export function presentToken(token: ApiToken): z.infer<typeof tokenResponse> {
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

/** A new token, with the secret shown this once. */
export function presentCreatedToken(created: CreatedToken): z.infer<typeof createdTokenResponse> {
  const { token, secret } = created;
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    prefix: token.prefix,
    token: secret,
    createdAt: token.createdAt.toISOString(),
  };
}
