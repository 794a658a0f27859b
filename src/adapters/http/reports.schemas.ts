import { z } from 'zod';
import { REPORT_SOURCES, REPORT_STATUSES } from '../../domain/report-lifecycle.ts';
import { declareIncidentBody } from './incidents.schemas.ts';
import { pageQueryShape, pageSchema } from './pagination.ts';

/** Request and response shapes of the report routes; the OpenAPI document is built from them. */

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true });

/** `a,b` or repeated `?x=a&x=b`: one or several values of an enum. */
const oneOrSeveral = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((raw) =>
      (Array.isArray(raw) ? raw : [raw])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    )
    .pipe(z.array(z.enum(values)).max(values.length * 2));

export const reportIdParams = z.strictObject({
  id: z.string().min(1).max(100).describe('Report id (uuid)'),
});

export const createReportBody = z.strictObject({
  source: z.enum(REPORT_SOURCES),
  title: text(200).min(1),
  description: text(10_000).optional(),
  detectedAt: instant.optional().describe('When the problem was first seen, if before the report'),
  isPrivate: z.boolean().optional(),
});

export const listReportsQuery = z.strictObject({
  status: oneOrSeveral(REPORT_STATUSES)
    .optional()
    .describe('Comma-separated (or repeated) statuses'),
  source: oneOrSeveral(REPORT_SOURCES).optional().describe('Comma-separated (or repeated) sources'),
  ...pageQueryShape,
});

export const listImprovementTicketsQuery = z.strictObject({ ...pageQueryShape });

export const answerDefinitionBody = z.strictObject({
  answers: z.record(z.string().min(1).max(60), z.boolean()),
});

/** The same body as `POST /api/v1/incidents`; whatever is left out comes from the report. */
export const declareFromReportBody = declareIncidentBody.partial({ title: true });

export const dismissReportBody = z.strictObject({
  reason: text(5_000)
    .min(1)
    .describe('Why this is not an incident; it becomes the improvement ticket'),
});

export const mergeReportBody = z.strictObject({
  incidentId: z
    .uuid()
    .describe('The incident (not closed or canceled) that already covers this report'),
});

const suggestion = z.enum(['declare', 'dismiss', 'undecided']);

export const reportResponse = z.object({
  id: z.string(),
  number: z.number().int(),
  source: z.enum(REPORT_SOURCES),
  title: z.string(),
  description: z.string(),
  status: z.enum(REPORT_STATUSES),
  isPrivate: z.boolean(),
  assigneeId: z.string().nullable(),
  createdBy: z.string().nullable(),
  answers: z.record(z.string(), z.boolean()),
  suggestion,
  incidentId: z.string().nullable(),
  dismissReason: z.string().nullable(),
  detectedAt: z.string().nullable(),
  reportedAt: z.string(),
  statusChangedAt: z.string(),
});

export const reportDetailResponse = reportResponse.extend({
  questions: z.array(
    z.object({
      key: z.string(),
      text: z.string(),
      yesMeansIncident: z.boolean(),
      answer: z.boolean().nullable(),
    }),
  ),
  alerts: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['firing', 'resolved']),
      title: z.string(),
      startsAt: z.string(),
      endsAt: z.string().nullable(),
      sourceId: z.string(),
      sourceName: z.string().nullable().describe('The alert source\'s name (null once the source is removed)'),
      sourceKind: z.string().nullable().describe('alertmanager, grafana, pagerduty, sentry or generic'),
      fingerprint: z.string(),
      service: z.string().nullable(),
      severity: z.string().nullable().describe('Suggested severity from the playbook alerting rules'),
      count: z.number().int().describe('Deliveries of this alert (repeats update it)'),
      lastSeenAt: z.string(),
      link: z.string().nullable(),
      labels: z.record(z.string(), z.string()),
    }),
  ),
  timeline: z.array(
    z.object({
      seq: z.number().int(),
      id: z.string(),
      type: z.string(),
      actorId: z.string().nullable(),
      occurredAt: z.string(),
      recordedAt: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const reportListResponse = pageSchema(
  reportResponse.extend({
    alertCounts: z
      .object({ total: z.number().int(), firing: z.number().int() })
      .describe('The alerts grouped into the report and how many still fire (0 and 0 for a report not made from alerts)'),
  }),
);

export const answersResponse = z.object({ answers: z.record(z.string(), z.boolean()), suggestion });

export const dismissResponse = reportResponse.extend({ ticketId: z.string() });

export const improvementTicketResponse = z.object({
  id: z.string(),
  reportId: z.string(),
  reportNumber: z.number().int(),
  title: z.string(),
  reason: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});

export const improvementTicketListResponse = pageSchema(improvementTicketResponse);
