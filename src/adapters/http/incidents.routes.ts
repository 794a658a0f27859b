import { declareIncident } from '../../app/incidents/declare-incident.ts';
import { getNowView, listVisibleIncidents, suggestCommander } from '../../app/incidents/queries.ts';
import { changeIncidentStatus } from '../../app/incidents/change-status.ts';
import { changeSeverity } from '../../app/incidents/change-severity.ts';
import { assignRole, releaseRole } from '../../app/incidents/assign-role.ts';
import { updateIncidentDetails } from '../../app/incidents/update-details.ts';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../domain/incident.ts';
import { roleHolders } from '../../store/incident-queries.ts';
import { defineRoute } from './route.ts';
import { incidentDetailFor, query, run } from './caller.ts';
import { presentIncident, presentIncidentDetail, presentNowView } from './incidents.presenter.ts';
import {
  assignRoleBody,
  changeSeverityBody,
  changeStatusBody,
  declareIncidentBody,
  incidentDetailResponse,
  incidentIdParams,
  incidentListResponse,
  listIncidentsQuery,
  nowViewResponse,
  roleParams,
  suggestionsResponse,
  updateIncidentBody,
} from './incidents.schemas.ts';
import { z } from 'zod';
import { decodeCursor, toPage } from './pagination.ts';
import { incidentActivityRoutes } from './incident-activity.routes.ts';

const tags = ['incidents'];
const errors = {
  404: { description: 'No such incident (or private and not a member)' },
};
const stateErrors = {
  ...errors,
  409: { description: 'Refused by the lifecycle rules, or a concurrent change won' },
};

/** Incident lists are ordered by number, newest first: the cursor is the last number shown. */
const numberCursor = z.strictObject({ n: z.number().int().min(1) });

const ACTIVE: IncidentStatus[] = ['triage', 'responding', 'monitoring'];

function statusFilter(value: string | undefined): IncidentStatus[] | undefined {
  if (!value) return undefined;
  const wanted = value.split(',').flatMap((s) => (s.trim() === 'active' ? ACTIVE : [s.trim()]));
  return wanted.filter((s): s is IncidentStatus =>
    (INCIDENT_STATUSES as readonly string[]).includes(s),
  );
}

export const incidentRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents',
    operationId: 'declareIncident',
    summary: 'Declare an incident (with a severity it enters responding at once)',
    tags,
    auth: 'responder',
    body: declareIncidentBody,
    responses: { 201: { description: 'Declared', schema: incidentDetailResponse }, ...errors },
    async handler(ctx) {
      const { detectedAt, impactStartedAt, ...rest } = ctx.body;
      const declared = await run(ctx, declareIncident, {
        ...rest,
        detectedAt: detectedAt ? new Date(detectedAt) : undefined,
        impactStartedAt: impactStartedAt ? new Date(impactStartedAt) : undefined,
      });
      void ctx.reply.code(201);
      if (!declared.created) return incidentDetailFor(ctx, declared.id, declared.warnings);
      const { row, tasks } = declared.created;
      const playbook = ctx.deps.app.playbooks.current().playbook;
      const detail = { row, roles: [], tasks, releases: [], decisions: [], deliveryFailures: [] };
      return presentIncidentDetail(detail, playbook, ctx.deps.config.publicUrl, ctx.locale, declared.warnings);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents',
    operationId: 'listIncidents',
    summary: 'List incidents, newest first (filters: status, severity, q; cursor pagination)',
    tags,
    auth: 'viewer',
    query: listIncidentsQuery,
    responses: { 200: { description: 'A page', schema: incidentListResponse }, ...errors },
    async handler(ctx) {
      const { status, severity, q, limit, cursor } = ctx.query;
      const page = await query(ctx, listVisibleIncidents, {
        statuses: statusFilter(status),
        severities: severity ? severity.split(',').map((s) => s.trim()) : undefined,
        q,
        limit: limit + 1,
        beforeNumber: decodeCursor(cursor, numberCursor)?.n,
      });
      const playbook = ctx.deps.app.playbooks.current().playbook;
      const { items, nextCursor } = toPage(page.rows, limit, (row) => ({ n: row.number }));
      return {
        items: items.map((row) =>
          presentIncident(row, page.roles.get(row.id) ?? [], playbook, ctx.deps.config.publicUrl),
        ),
        nextCursor,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id',
    operationId: 'getIncident',
    summary: 'An incident with roles, tasks, releases and decisions',
    tags,
    auth: 'viewer',
    params: incidentIdParams,
    responses: { 200: { description: 'The incident', schema: incidentDetailResponse }, ...errors },
    handler: (ctx) => incidentDetailFor(ctx, ctx.params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/incidents/:id',
    operationId: 'updateIncident',
    summary: 'Edit title, summary, impact, platforms, privacy, the triggering person, members',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: updateIncidentBody,
    responses: { 200: { description: 'Updated', schema: incidentDetailResponse }, ...stateErrors },
    async handler(ctx) {
      await run(ctx, updateIncidentDetails, { incidentId: ctx.params.id, ...ctx.body });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/status',
    operationId: 'changeIncidentStatus',
    summary: 'Move the incident to another status (guards apply; 409 lists what blocks it)',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: changeStatusBody,
    responses: { 200: { description: 'Moved', schema: incidentDetailResponse }, ...stateErrors },
    async handler(ctx) {
      await run(ctx, changeIncidentStatus, {
        incidentId: ctx.params.id,
        status: ctx.body.status,
        note: ctx.body.note,
      });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/severity',
    operationId: 'changeIncidentSeverity',
    summary: 'Change the severity (before resolved); notification rules run again',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: changeSeverityBody,
    responses: { 200: { description: 'Changed', schema: incidentDetailResponse }, ...stateErrors },
    async handler(ctx) {
      await run(ctx, changeSeverity, { incidentId: ctx.params.id, ...ctx.body });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/incidents/:id/roles/:role',
    operationId: 'assignIncidentRole',
    summary: 'Give a role (commander, investigator, …) to a person',
    tags,
    auth: 'responder',
    params: roleParams,
    body: assignRoleBody,
    responses: {
      200: { description: 'Assigned (warnings may follow)', schema: incidentDetailResponse },
      ...stateErrors,
    },
    async handler(ctx) {
      const { warnings } = await run(ctx, assignRole, {
        incidentId: ctx.params.id,
        role: ctx.params.role,
        userId: ctx.body.userId,
      });
      return incidentDetailFor(ctx, ctx.params.id, warnings);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/incidents/:id/roles/:role',
    operationId: 'releaseIncidentRole',
    summary: 'Take a role away from its holder',
    tags,
    auth: 'responder',
    params: roleParams,
    responses: { 200: { description: 'Released', schema: incidentDetailResponse }, ...stateErrors },
    async handler(ctx) {
      await run(ctx, releaseRole, { incidentId: ctx.params.id, role: ctx.params.role });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/roles/commander/suggestions',
    operationId: 'suggestCommander',
    summary: 'Who should take the commander role: the rotation pool, least recently served first',
    tags,
    auth: 'viewer',
    params: incidentIdParams,
    responses: { 200: { description: 'Suggestions', schema: suggestionsResponse }, ...errors },
    async handler(ctx) {
      const candidates = await query(ctx, suggestCommander, { incidentId: ctx.params.id });
      return {
        items: candidates.map((c) => ({
          user: { id: c.userId, name: c.name, email: c.email, slackUserId: c.slackUserId },
          lastServedAt: c.lastServedAt?.toISOString() ?? null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/now',
    operationId: 'getNowView',
    summary: 'The now view: each role, its holder and open tasks, and what blocks the next status',
    tags,
    auth: 'viewer',
    params: incidentIdParams,
    responses: { 200: { description: 'The now view', schema: nowViewResponse }, ...errors },
    async handler(ctx) {
      const view = await query(ctx, getNowView, { incidentId: ctx.params.id });
      const holders = (await roleHolders(ctx.deps.app.db, [view.row.id])).get(view.row.id) ?? [];
      return presentNowView(view, holders, ctx.locale);
    },
  }),
  ...incidentActivityRoutes,
];
