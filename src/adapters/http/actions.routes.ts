import { createAction } from '../../app/actions/create-action.ts';
import { getAction } from '../../app/actions/get-action.ts';
import { listVisibleActions, type ListActionsInput } from '../../app/actions/list-actions.ts';
import { updateAction } from '../../app/actions/update-action.ts';
import type { ActionStatus } from '../../domain/incident.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { HttpDeps } from './deps.ts';
import { run } from './caller.ts';
import { defineRoute } from './route.ts';
import { decodeActionCursor, encodeActionCursor, presentAction } from './actions.presenter.ts';
import {
  actionIdParams,
  actionListResponse,
  actionResponse,
  actionStatus,
  createActionBody,
  incidentIdParams,
  listActionsQuery,
  listIncidentActionsQuery,
  updateActionBody,
} from './actions.schemas.ts';

const tags = ['actions'];
const errors = {
  404: {
    description: 'No such action or incident (or a private incident the caller is not a member of)',
  },
};
const stateErrors = {
  ...errors,
  409: { description: 'Not allowed in the incident’s status, or not a move an action can make' },
  422: {
    description: 'Done without evidence, deferred without a reason, or a due date in the past',
  },
};

/** `status=open&status=done` or `status=open,done`; an unknown status is refused. */
function statusFilter(value: string | string[] | undefined): ActionStatus[] | undefined {
  if (value === undefined) return undefined;
  const wanted = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return wanted.map((s) => {
    const parsed = actionStatus.safeParse(s);
    if (!parsed.success)
      throw new DomainError(
        'validation_failed',
        { field: 'status' },
        { allowed: actionStatus.options },
      );
    return parsed.data;
  });
}

type ListQuery = {
  status?: string | string[] | undefined;
  owner?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  limit: number;
  cursor?: string | undefined;
};

async function listPage(
  ctx: { deps: HttpDeps; actor: Actor },
  query: ListQuery,
  incidentId: string | undefined,
) {
  const input: ListActionsInput = {
    statuses: statusFilter(query.status),
    ownerId: query.owner,
    incidentId,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    after: decodeActionCursor(query.cursor),
    limit: query.limit,
  };
  const page = await run(ctx, listVisibleActions, input);
  return {
    items: page.items.map(presentAction),
    nextCursor: page.nextCursor ? encodeActionCursor(page.nextCursor) : null,
  };
}

export const actionRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/actions',
    operationId: 'createAction',
    summary:
      'Add a prevention action (while the incident is resolved, in postmortem or in follow-up)',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: createActionBody,
    responses: { 201: { description: 'Created', schema: actionResponse }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, createAction, { incidentId: ctx.params.id, ...ctx.body });
      ctx.reply.code(201);
      return presentAction(view);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/actions',
    operationId: 'listIncidentActions',
    summary: 'The prevention actions of an incident, overdue first, then by due date',
    tags,
    auth: 'viewer',
    params: incidentIdParams,
    query: listIncidentActionsQuery,
    responses: { 200: { description: 'A page', schema: actionListResponse }, ...errors },
    handler: (ctx) => listPage(ctx, ctx.query, ctx.params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/actions',
    operationId: 'listActions',
    summary:
      'Prevention actions of the incidents the caller may see (filters: status, owner, incidentId, overdue)',
    tags,
    auth: 'viewer',
    query: listActionsQuery,
    responses: {
      200: { description: 'A page, overdue first, then by due date', schema: actionListResponse },
      ...errors,
    },
    handler: (ctx) => listPage(ctx, ctx.query, ctx.query.incidentId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/actions/:id',
    operationId: 'getAction',
    summary: 'One prevention action',
    tags,
    auth: 'viewer',
    params: actionIdParams,
    responses: { 200: { description: 'The action', schema: actionResponse }, ...errors },
    async handler(ctx) {
      return presentAction(await run(ctx, getAction, { actionId: ctx.params.id }));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/actions/:id',
    operationId: 'updateAction',
    summary:
      'Change status (done needs evidence, deferred a reason), title, owner, due date or priority',
    tags,
    auth: 'responder',
    params: actionIdParams,
    body: updateActionBody,
    responses: {
      200: { description: 'The action after the change', schema: actionResponse },
      ...stateErrors,
    },
    async handler(ctx) {
      return presentAction(await run(ctx, updateAction, { actionId: ctx.params.id, ...ctx.body }));
    },
  }),
];
