import { addNote } from '../../app/incidents/add-note.ts';
import { completeTask } from '../../app/incidents/complete-task.ts';
import { correctMilestone } from '../../app/incidents/correct-milestone.ts';
import { proposeOptions, recordDecision } from '../../app/incidents/decisions.ts';
import { findVisibleIncident } from '../../app/incidents/load-incident.ts';
import { recordRelease } from '../../app/incidents/record-release.ts';
import { updateRelease } from '../../app/incidents/update-release.ts';
import type { UseCaseContext } from '../../app/context.ts';
import { listTimeline } from '../../store/timeline.ts';
import { defineRoute } from './route.ts';
import { incidentDetailFor, query, run } from './caller.ts';
import {
  addNoteBody,
  correctMilestoneBody,
  idResponse,
  incidentDetailResponse,
  incidentIdParams,
  proposeOptionsBody,
  recordDecisionBody,
  recordReleaseBody,
  releaseParams,
  taskParams,
  timelineQuery,
  timelineResponse,
  updateReleaseBody,
} from './incidents.schemas.ts';

const tags = ['incidents'];
const errors = {
  404: { description: 'No such incident (or private and not a member)' },
  409: { description: 'Refused by the rules, or a concurrent change won' },
};

async function readTimeline(
  ctx: UseCaseContext,
  input: { incidentId: string; after: number; limit: number; types?: string[] | undefined },
) {
  const row = await findVisibleIncident(ctx, input.incidentId);
  return listTimeline(ctx.tx, { incidentId: row.id }, input);
}

const asDate = (value: string | undefined) => (value ? new Date(value) : undefined);

/** The incident's activity: timeline and notes, releases, milestones, decisions, tasks. */
export const incidentActivityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/timeline',
    operationId: 'getIncidentTimeline',
    summary: 'The append-only timeline, oldest first (filter by type; continue with `after`)',
    tags,
    auth: 'viewer',
    params: incidentIdParams,
    query: timelineQuery,
    responses: { 200: { description: 'A page of events', schema: timelineResponse }, ...errors },
    async handler(ctx) {
      const { after, limit, type } = ctx.query;
      const page = await query(ctx, readTimeline, {
        incidentId: ctx.params.id,
        after,
        limit,
        types: type ? type.split(',').map((t) => t.trim()) : undefined,
      });
      return {
        items: page.items.map((e) => ({
          ...e,
          occurredAt: e.occurredAt.toISOString(),
          recordedAt: e.recordedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/timeline',
    operationId: 'addIncidentNote',
    summary: 'Add a note to the timeline',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: addNoteBody,
    responses: { 201: { description: 'Added', schema: incidentDetailResponse }, ...errors },
    async handler(ctx) {
      await run(ctx, addNote, { incidentId: ctx.params.id, text: ctx.body.text });
      void ctx.reply.code(201);
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/releases',
    operationId: 'recordRelease',
    summary: 'Record a fix release or a rollback (rollback only where the platform can roll back)',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: recordReleaseBody,
    responses: { 201: { description: 'Recorded', schema: incidentDetailResponse }, ...errors },
    async handler(ctx) {
      await run(ctx, recordRelease, { incidentId: ctx.params.id, ...ctx.body });
      void ctx.reply.code(201);
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/incidents/:id/releases/:releaseId',
    operationId: 'updateRelease',
    summary: "Record a store app's submission, approval and forced-update times",
    tags,
    auth: 'responder',
    params: releaseParams,
    body: updateReleaseBody,
    responses: { 200: { description: 'Updated', schema: incidentDetailResponse }, ...errors },
    async handler(ctx) {
      await run(ctx, updateRelease, {
        incidentId: ctx.params.id,
        releaseId: ctx.params.releaseId,
        storeSubmittedAt: asDate(ctx.body.storeSubmittedAt),
        storeApprovedAt: asDate(ctx.body.storeApprovedAt),
        forcedUpdateAt: asDate(ctx.body.forcedUpdateAt),
      });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/incidents/:id/milestones',
    operationId: 'correctMilestone',
    summary:
      'Correct a milestone time (e.g. impact_started_at) with a reason; the change is on the timeline',
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: correctMilestoneBody,
    responses: { 200: { description: 'Corrected', schema: incidentDetailResponse }, ...errors },
    async handler(ctx) {
      const { milestone, at, reason } = ctx.body;
      await run(ctx, correctMilestone, {
        incidentId: ctx.params.id,
        milestone,
        at: new Date(at),
        reason,
      });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/decisions/options',
    operationId: 'proposeOptions',
    summary: "The investigator's options for stopping the damage",
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: proposeOptionsBody,
    responses: { 201: { description: 'Recorded', schema: idResponse }, ...errors },
    async handler(ctx) {
      void ctx.reply.code(201);
      return run(ctx, proposeOptions, { incidentId: ctx.params.id, options: ctx.body.options });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/decisions',
    operationId: 'recordDecision',
    summary: "The commander's decision (a proposed option or another course)",
    tags,
    auth: 'responder',
    params: incidentIdParams,
    body: recordDecisionBody,
    responses: { 201: { description: 'Recorded', schema: idResponse }, ...errors },
    async handler(ctx) {
      void ctx.reply.code(201);
      return run(ctx, recordDecision, { incidentId: ctx.params.id, ...ctx.body });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/tasks/:taskId/complete',
    operationId: 'completeTask',
    summary: 'Mark an open task of the incident done',
    tags,
    auth: 'responder',
    params: taskParams,
    responses: { 200: { description: 'Done', schema: incidentDetailResponse }, ...errors },
    async handler(ctx) {
      await run(ctx, completeTask, { incidentId: ctx.params.id, taskId: ctx.params.taskId });
      return incidentDetailFor(ctx, ctx.params.id);
    },
  }),
];
