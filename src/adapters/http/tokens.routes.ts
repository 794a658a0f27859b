import { runUseCase } from '../../app/context.ts';
import { createToken } from '../../app/tokens/create-token.ts';
import { listTokens } from '../../app/tokens/list-tokens.ts';
import { revokeToken } from '../../app/tokens/revoke-token.ts';
import { decodeCursor, timeIdCursor, toPage } from './pagination.ts';
import { defineRoute, type RouteDefinition } from './route.ts';
import { presentCreatedToken, presentToken } from './tokens.presenter.ts';
import {
  createdTokenResponse,
  createTokenBody,
  listTokensQuery,
  tokenIdParams,
  tokenPageResponse,
} from './tokens.schemas.ts';

const tags = ['tokens'];

export const tokensRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/tokens',
    operationId: 'createToken',
    summary: 'Issue an API token (for yourself; admins for anyone). The token is shown once.',
    tags,
    auth: 'viewer',
    body: createTokenBody,
    responses: {
      201: { description: 'The new token, with its secret', schema: createdTokenResponse },
    },
    async handler({ deps, actor, body }) {
      return presentCreatedToken(await runUseCase(deps.app, actor, createToken, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tokens',
    operationId: 'listTokens',
    summary: 'List API tokens, newest first (yours; admins everyone’s)',
    tags,
    auth: 'viewer',
    query: listTokensQuery,
    responses: {
      200: { description: 'A page of tokens (without secrets)', schema: tokenPageResponse },
    },
    async handler({ deps, actor, query }) {
      const cursor = decodeCursor(query.cursor, timeIdCursor);
      const tokens = await runUseCase(deps.app, actor, listTokens, {
        userId: query.userId,
        after: cursor && { createdAt: cursor.at, id: cursor.id },
        limit: query.limit + 1,
      });
      const page = toPage(tokens, query.limit, (t) => ({ at: t.createdAt, id: t.id }));
      return { items: page.items.map(presentToken), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/tokens/:id',
    operationId: 'revokeToken',
    summary: 'Revoke an API token (yours; admins anyone’s)',
    tags,
    auth: 'viewer',
    params: tokenIdParams,
    responses: { 204: { description: 'Revoked (also when it already was)' } },
    async handler({ deps, actor, params }) {
      await runUseCase(deps.app, actor, revokeToken, { id: params.id });
    },
  }),
];
