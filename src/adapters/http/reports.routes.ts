import { answerDefinition } from '../../app/reports/answer-definition.ts';
import { claimReport } from '../../app/reports/claim-report.ts';
import { createReport } from '../../app/reports/create-report.ts';
import { declareFromReport } from '../../app/reports/declare-from-report.ts';
import { dismissReport } from '../../app/reports/dismiss-report.ts';
import { getReport } from '../../app/reports/get-report.ts';
import { listVisibleImprovementTickets } from '../../app/reports/list-improvement-tickets.ts';
import { listVisibleReports } from '../../app/reports/list-reports.ts';
import { mergeReport } from '../../app/reports/merge-report.ts';
import { incidentDetailFor, run, type Caller } from './caller.ts';
import { incidentDetailResponse } from './incidents.schemas.ts';
import { decodeCursor, encodeCursor, timeIdCursor } from './pagination.ts';
import { defineRoute } from './route.ts';
import { ticketsCsv } from './tickets-csv.ts';
import { presentImprovementTicket, presentReport, presentReportDetail } from './reports.presenter.ts';
import {
  answerDefinitionBody,
  answersResponse,
  createReportBody,
  declareFromReportBody,
  dismissReportBody,
  dismissResponse,
  improvementTicketListResponse,
  listImprovementTicketsQuery,
  listReportsQuery,
  mergeReportBody,
  reportDetailResponse,
  reportIdParams,
  reportListResponse,
  reportResponse,
} from './reports.schemas.ts';

const tags = ['reports'];
const errors = {
  404: { description: 'No such report (or private and not yours)' },
};
const stateErrors = {
  ...errors,
  409: {
    description: 'The report is already declared, dismissed or merged, or a concurrent change won',
  },
};

/** CSV export: at most this many pages of 200 tickets. */
const CSV_MAX_PAGES = 250;

const toDate = (value: string | undefined): Date | undefined => (value ? new Date(value) : undefined);

/** Reads the report back after a change, as the caller sees it. */
async function reportFor(ctx: Caller, reportId: string) {
  const detail = await run(ctx, getReport, { reportId });
  return presentReport(detail.row, detail.suggestion);
}

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports',
    operationId: 'listReports',
    summary: 'List reports, newest first (filters: status, source; cursor pagination)',
    tags,
    auth: 'viewer',
    query: listReportsQuery,
    responses: { 200: { description: 'A page', schema: reportListResponse }, ...errors },
    async handler(ctx) {
      const { status, source, limit, cursor } = ctx.query;
      const after = decodeCursor(cursor, timeIdCursor);
      const page = await run(ctx, listVisibleReports, {
        statuses: status,
        sources: source,
        limit,
        after: after ? { reportedAt: after.at, id: after.id } : undefined,
      });
      return {
        items: page.items.map((item) => ({ ...presentReport(item.row, item.suggestion), alertCounts: item.alertCounts })),
        nextCursor: page.next ? encodeCursor({ at: page.next.reportedAt, id: page.next.id }) : null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/:id',
    operationId: 'getReport',
    summary: 'A report with its definition questions, suggestion, alerts and timeline',
    tags,
    auth: 'viewer',
    params: reportIdParams,
    responses: { 200: { description: 'The report', schema: reportDetailResponse }, ...errors },
    async handler(ctx) {
      return presentReportDetail(
        await run(ctx, getReport, { reportId: ctx.params.id }),
        ctx.locale,
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports',
    operationId: 'createReport',
    summary: 'Report a possible problem (anyone signed in, viewers included)',
    tags,
    auth: 'viewer',
    body: createReportBody,
    responses: { 201: { description: 'Reported', schema: reportResponse }, ...errors },
    async handler(ctx) {
      const created = await run(ctx, createReport, {
        ...ctx.body,
        detectedAt: toDate(ctx.body.detectedAt),
      });
      return reportFor(ctx, created.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/claim',
    operationId: 'claimReport',
    summary: 'Start (or take over) the quick investigation: the caller becomes the assignee',
    tags,
    auth: 'responder',
    params: reportIdParams,
    responses: { 200: { description: 'Claimed', schema: reportResponse }, ...stateErrors },
    async handler(ctx) {
      await run(ctx, claimReport, { reportId: ctx.params.id });
      return reportFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/answers',
    operationId: 'answerReportDefinition',
    summary:
      'Answer incident-definition questions (merged over earlier answers); returns the suggestion',
    tags,
    auth: 'responder',
    params: reportIdParams,
    body: answerDefinitionBody,
    responses: { 200: { description: 'Recorded', schema: answersResponse }, ...stateErrors },
    handler: (ctx) =>
      run(ctx, answerDefinition, { reportId: ctx.params.id, answers: ctx.body.answers }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/declare',
    operationId: 'declareFromReport',
    summary:
      'Declare an incident from the report (same body as declaring; missing fields from the report)',
    tags,
    auth: 'responder',
    params: reportIdParams,
    body: declareFromReportBody,
    responses: { 201: { description: 'Declared', schema: incidentDetailResponse }, ...stateErrors },
    async handler(ctx) {
      const { detectedAt, impactStartedAt, ...rest } = ctx.body;
      const declared = await run(ctx, declareFromReport, {
        ...rest,
        reportId: ctx.params.id,
        detectedAt: toDate(detectedAt),
        impactStartedAt: toDate(impactStartedAt),
      });
      return incidentDetailFor(ctx, declared.id, declared.warnings);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/dismiss',
    operationId: 'dismissReport',
    summary: 'Not an incident: dismiss with a reason, which opens an improvement ticket',
    tags,
    auth: 'responder',
    params: reportIdParams,
    body: dismissReportBody,
    responses: { 200: { description: 'Dismissed', schema: dismissResponse }, ...stateErrors },
    async handler(ctx) {
      const { ticketId } = await run(ctx, dismissReport, {
        reportId: ctx.params.id,
        reason: ctx.body.reason,
      });
      return { ...(await reportFor(ctx, ctx.params.id)), ticketId };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/merge',
    operationId: 'mergeReport',
    summary: 'Attach the report to an incident already being handled (not closed or canceled)',
    tags,
    auth: 'responder',
    params: reportIdParams,
    body: mergeReportBody,
    responses: { 200: { description: 'Merged', schema: reportResponse }, ...stateErrors },
    async handler(ctx) {
      await run(ctx, mergeReport, { reportId: ctx.params.id, incidentId: ctx.body.incidentId });
      return reportFor(ctx, ctx.params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/improvement-tickets',
    operationId: 'listImprovementTickets',
    summary: 'Improvement tickets made by dismissing reports, newest first (every ticket as CSV with Accept: text/csv)',
    tags,
    auth: 'viewer',
    query: listImprovementTicketsQuery,
    responses: {
      200: { description: 'A page (JSON), or every visible ticket (CSV)', schema: improvementTicketListResponse },
      ...errors,
    },
    async handler(ctx) {
      if ((ctx.request.headers.accept ?? '').includes('text/csv')) {
        const rows = [];
        let after: { createdAt: Date; id: string } | undefined;
        for (let pages = 0; pages < CSV_MAX_PAGES; pages += 1) {
          const page = await run(ctx, listVisibleImprovementTickets, { limit: 200, after });
          rows.push(...page.items);
          if (!page.next) break;
          after = page.next;
        }
        return ctx.reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="improvement-tickets.csv"')
          .send(ticketsCsv(rows));
      }
      const after = decodeCursor(ctx.query.cursor, timeIdCursor);
      const page = await run(ctx, listVisibleImprovementTickets, {
        limit: ctx.query.limit,
        after: after ? { createdAt: after.at, id: after.id } : undefined,
      });
      return {
        items: page.items.map(presentImprovementTicket),
        nextCursor: page.next ? encodeCursor({ at: page.next.createdAt, id: page.next.id }) : null,
      };
    },
  }),
];
