import { getPostmortem } from '../../app/postmortem/get-postmortem.ts';
import { publishPostmortem } from '../../app/postmortem/publish-postmortem.ts';
import { updatePostmortemSections } from '../../app/postmortem/update-sections.ts';
import { run } from './caller.ts';
import { defineRoute } from './route.ts';
import { postmortemMarkdown, presentPostmortem } from './postmortem.presenter.ts';
import { postmortemParams, postmortemResponse, updateSectionsBody } from './postmortem.schemas.ts';

const tags = ['postmortem'];
const errors = {
  404: {
    description:
      'No such incident (or private and not a member), or its postmortem is not open yet',
  },
};
const stateErrors = {
  ...errors,
  409: {
    description:
      'Not editable now (incident not in postmortem, or already published), required sections empty, or a newer revision',
  },
};

export const postmortemRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/postmortem',
    operationId: 'getPostmortem',
    summary: 'The postmortem (opened as a draft when the incident enters postmortem)',
    tags,
    auth: 'viewer',
    params: postmortemParams,
    responses: { 200: { description: 'The postmortem', schema: postmortemResponse }, ...errors },
    async handler(ctx) {
      return presentPostmortem(
        await run(ctx, getPostmortem, { incidentId: ctx.params.id }),
        ctx.locale,
      );
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/incidents/:id/postmortem',
    operationId: 'updatePostmortem',
    summary: 'Write sections (all or nothing); a stale `revision` answers 409 with the newer text',
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: updateSectionsBody,
    responses: {
      200: { description: 'The postmortem after the change', schema: postmortemResponse },
      ...stateErrors,
    },
    async handler(ctx) {
      const view = await run(ctx, updatePostmortemSections, {
        incidentId: ctx.params.id,
        sections: ctx.body.sections,
      });
      return presentPostmortem(view, ctx.locale);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/postmortem/publish',
    operationId: 'publishPostmortem',
    summary:
      'Publish the postmortem once every required section is written (then move the incident to follow_up)',
    tags,
    auth: 'responder',
    params: postmortemParams,
    responses: { 200: { description: 'Published', schema: postmortemResponse }, ...stateErrors },
    async handler(ctx) {
      return presentPostmortem(
        await run(ctx, publishPostmortem, { incidentId: ctx.params.id }),
        ctx.locale,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/postmortem.md',
    operationId: 'exportPostmortemMarkdown',
    summary: 'The postmortem as Markdown, section titles in the caller’s language',
    tags,
    auth: 'viewer',
    params: postmortemParams,
    responses: { 200: { description: 'Markdown', contentType: 'text/markdown' }, ...errors },
    async handler(ctx) {
      const view = await run(ctx, getPostmortem, { incidentId: ctx.params.id });
      return ctx.reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `inline; filename="postmortem-${view.incident.number}.md"`)
        .send(postmortemMarkdown(view, ctx.locale));
    },
  }),
];
