import { z } from 'zod';
import { pageQueryShape, pageSchema } from './pagination.ts';

export const createTokenBody = z.strictObject({
  userId: z.guid().meta({ description: 'Whose token: yourself, or anyone for admins' }),
  name: z.string().trim().min(1).max(100).meta({ description: 'What the token is for, e.g. "CI"' }),
});

export const tokenIdParams = z.strictObject({ id: z.string().max(100) });

export const listTokensQuery = z.strictObject({
  ...pageQueryShape,
  userId: z.guid().optional().meta({ description: 'Admins: only this user’s tokens' }),
});

export const tokenResponse = z.strictObject({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the token, to recognise it' }),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export const createdTokenResponse = z.strictObject({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  token: z.string().meta({ description: 'The token: shown once, never again' }),
  createdAt: z.iso.datetime(),
});

export const tokenPageResponse = pageSchema(tokenResponse);
