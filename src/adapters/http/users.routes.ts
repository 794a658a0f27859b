import { runUseCase } from '../../app/context.ts';
import { createUser } from '../../app/users/create-user.ts';
import { getUser } from '../../app/users/get-user.ts';
import { listUsers } from '../../app/users/list-users.ts';
import { updateUser } from '../../app/users/update-user.ts';
import { decodeCursor, toPage } from './pagination.ts';
import { defineRoute, type RouteDefinition } from './route.ts';
import { presentUser } from './users.presenter.ts';
import {
  createUserBody,
  listUsersQuery,
  updateUserBody,
  userCursor,
  userIdParams,
  userPageResponse,
  userResponse,
} from './users.schemas.ts';

const tags = ['users'];

export const usersRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/users',
    operationId: 'createUser',
    summary: 'Add a user (admins)',
    tags,
    auth: 'admin',
    body: createUserBody,
    responses: {
      201: { description: 'The new user', schema: userResponse },
      409: { description: 'The email (or Slack user) is already in use' },
    },
    async handler({ deps, actor, body }) {
      return presentUser(await runUseCase(deps.app, actor, createUser, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/users',
    operationId: 'listUsers',
    summary: 'List users by name (admins)',
    tags,
    auth: 'admin',
    query: listUsersQuery,
    responses: { 200: { description: 'A page of users', schema: userPageResponse } },
    async handler({ deps, actor, query }) {
      const after = decodeCursor(query.cursor, userCursor);
      const users = await runUseCase(deps.app, actor, listUsers, {
        role: query.role,
        isActive: query.isActive,
        after,
        limit: query.limit + 1,
      });
      const page = toPage(users, query.limit, (u) => ({ name: u.name, id: u.id }));
      return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/users/:id',
    operationId: 'getUser',
    summary: 'One user (admins, or yourself)',
    tags,
    auth: 'viewer',
    params: userIdParams,
    responses: { 200: { description: 'The user', schema: userResponse } },
    async handler({ deps, actor, params }) {
      return presentUser(await runUseCase(deps.app, actor, getUser, { id: params.id }));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/users/:id',
    operationId: 'updateUser',
    summary: 'Change a user (admins; anyone their own name and locale)',
    tags,
    auth: 'viewer',
    params: userIdParams,
    body: updateUserBody,
    responses: { 200: { description: 'The updated user', schema: userResponse } },
    async handler({ deps, actor, params, body }) {
      return presentUser(await runUseCase(deps.app, actor, updateUser, { id: params.id, ...body }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me',
    operationId: 'getMe',
    summary: 'The calling user',
    tags,
    auth: 'viewer',
    responses: { 200: { description: 'You', schema: userResponse } },
    async handler({ deps, actor }) {
      return presentUser(await runUseCase(deps.app, actor, getUser, { id: actor.userId }));
    },
  }),
];
