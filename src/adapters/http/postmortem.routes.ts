import { getPostmortem } from '../../app/postmortem/get-postmortem.ts';
import { publishPostmortem } from '../../app/postmortem/publish-postmortem.ts';
import { updatePostmortemSections } from '../../app/postmortem/update-sections.ts';
import {
  addPostmortemComment,
  decidePostmortemReview,
  submitForReview,
} from '../../app/postmortem/review-postmortem.ts';
import {
  getPostmortemHistory,
  regenerateTimeline,
  updateFiveWhys,
  updateImpact,
} from '../../app/postmortem/update-analysis.ts';
import { query, run } from './caller.ts';
import { postmortemHtml } from './postmortem-html.ts';
import { defineRoute } from './route.ts';
import { postmortemMarkdown, presentPostmortem } from './postmortem.presenter.ts';
import {
  commentBody,
  decisionBody,
  fiveWhysBody,
  historyQuery,
  historyResponse,
  postmortemParams,
  postmortemResponse,
  regenerateTimelineBody,
  reviewBody,
  updateImpactBody,
  updateSectionsBody,
} from './postmortem.schemas.ts';

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
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/postmortem.html',
    operationId: 'exportPostmortemHtml',
    summary: 'The postmortem as a printable HTML page (escaped, print CSS), in the caller’s language',
    tags,
    auth: 'viewer',
    params: postmortemParams,
    responses: { 200: { description: 'HTML', contentType: 'text/html' }, ...errors },
    async handler(ctx) {
      const view = await run(ctx, getPostmortem, { incidentId: ctx.params.id });
      return ctx.reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(postmortemHtml(view, ctx.locale));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/incidents/:id/postmortem/impact',
    operationId: 'updatePostmortemImpact',
    summary: 'Set the structured impact figures (users affected, duration override, revenue); null clears one',
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: updateImpactBody,
    responses: { 200: { description: 'The postmortem', schema: postmortemResponse }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, updateImpact, { incidentId: ctx.params.id, impact: ctx.body });
      return presentPostmortem(view, ctx.locale);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/incidents/:id/postmortem/five-whys',
    operationId: 'updatePostmortemFiveWhys',
    summary: 'Save the five whys (why/answer pairs); they write the root cause while it is empty',
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: fiveWhysBody,
    responses: { 200: { description: 'The postmortem', schema: postmortemResponse }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, updateFiveWhys, { incidentId: ctx.params.id, whys: ctx.body.whys });
      return presentPostmortem(view, ctx.locale);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/postmortem/timeline',
    operationId: 'regeneratePostmortemTimeline',
    summary: 'Draft the timeline section again from the incident timeline (409 with the text if it changed since `revision`)',
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: regenerateTimelineBody,
    responses: { 200: { description: 'The postmortem', schema: postmortemResponse }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, regenerateTimeline, { incidentId: ctx.params.id, revision: ctx.body.revision });
      return presentPostmortem(view, ctx.locale);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/postmortem/review',
    operationId: 'requestPostmortemReview',
    summary: 'Send the draft for review by the named reviewers (draft → in_review)',
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: reviewBody,
    responses: { 200: { description: 'The postmortem', schema: postmortemResponse }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, submitForReview, { incidentId: ctx.params.id, reviewerIds: ctx.body.reviewerIds });
      return presentPostmortem(view, ctx.locale);
    },
  }),
  reviewDecisionRoute('approve', 'approve', 'approvePostmortem', 'A reviewer approves the document in review (with an optional comment)'),
  reviewDecisionRoute(
    'request_changes',
    'request-changes',
    'requestPostmortemChanges',
    'A reviewer asks for changes (a comment is required); the document goes back to draft',
  ),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/postmortem/comments',
    operationId: 'commentOnPostmortem',
    summary: 'Comment on the document or one section (until it is published)',
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: commentBody,
    responses: { 201: { description: 'The postmortem with the comment', schema: postmortemResponse }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, addPostmortemComment, { incidentId: ctx.params.id, body: ctx.body.body, section: ctx.body.section });
      ctx.reply.code(201);
      return presentPostmortem(view, ctx.locale);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id/postmortem/history',
    operationId: 'getPostmortemHistory',
    summary: 'Edit history: who changed which section when, and the text they left (oldest first)',
    tags,
    auth: 'viewer',
    params: postmortemParams,
    query: historyQuery,
    responses: { 200: { description: 'The edits', schema: historyResponse }, ...errors },
    async handler(ctx) {
      const edits = await query(ctx, getPostmortemHistory, { incidentId: ctx.params.id, limit: ctx.query.limit });
      return { items: edits.map((e) => ({ ...e, editedAt: e.editedAt.toISOString() })) };
    },
  }),
];

/** A reviewer's decision on the document in review: approve or request changes. */
function reviewDecisionRoute(decision: 'approve' | 'request_changes', path: string, operationId: string, summary: string) {
  return defineRoute({
    method: 'POST',
    url: `/api/v1/incidents/:id/postmortem/${path}`,
    operationId,
    summary,
    tags,
    auth: 'responder',
    params: postmortemParams,
    body: decisionBody,
    responses: { 200: { description: 'The postmortem', schema: postmortemResponse }, 403: { description: 'Not a reviewer of this document' }, ...stateErrors },
    async handler(ctx) {
      const view = await run(ctx, decidePostmortemReview, { incidentId: ctx.params.id, decision, comment: ctx.body.comment });
      return presentPostmortem(view, ctx.locale);
    },
  });
}
