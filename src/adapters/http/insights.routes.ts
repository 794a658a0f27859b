import { z } from 'zod';
import { getInsights, type InsightsView } from '../../app/insights/get-insights.ts';
import type { Distribution } from '../../domain/metrics-stats.ts';
import { setIncidentService } from '../../app/incidents/set-service.ts';
import { query, run } from './caller.ts';
import { defineRoute } from './route.ts';

/** `GET /api/v1/insights`: JSON, or CSV with `Accept: text/csv` (docs/metrics.md). */

const distribution = z
  .object({
    count: z.number().int(),
    median: z.number().nullable().describe('Seconds'),
    p90: z.number().nullable().describe('Seconds'),
  })
  .describe('Median and 90th percentile in seconds (linear interpolation), with the number of incidents measured');

const load = z.object({
  people: z.array(z.object({ userId: z.string(), name: z.string(), incidents: z.number().int() })),
  topShare: z.number().nullable().describe('Share of incidents held by the busiest person, 0..1'),
  hhi: z.number().nullable().describe('Herfindahl–Hirschman index of the shares, 1/n (even) .. 1 (one person)'),
});

const timeTo = z.object({ detect: distribution, acknowledge: distribution, mitigate: distribution, resolve: distribution });

export const insightsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string(), bucket: z.enum(['day', 'week', 'month']), timezone: z.string() }),
  filters: z.object({ severity: z.string().nullable(), service: z.string().nullable(), platform: z.string().nullable() }),
  asOf: z.string(),
  incidents: z.object({
    total: z.number().int(),
    canceled: z.number().int(),
    reopened: z.number().int(),
    bySeverity: z.record(z.string(), z.number().int()).describe('By the most severe severity each incident reached'),
  }),
  overTime: z.array(
    z.object({ bucket: z.string().describe('First day of the bucket'), total: z.number().int(), bySeverity: z.record(z.string(), z.number().int()) }),
  ),
  timeTo: timeTo,
  timeToBySeverity: z.record(z.string(), timeTo).describe('The same durations per peak severity (`none` when never set)'),
  timeInStatus: z.record(z.string(), distribution),
  postmortem: z.object({ published: z.number().int(), completion: distribution }),
  actions: z.object({
    total: z.number().int(),
    done: z.number().int(),
    deferred: z.number().int(),
    open: z.number().int(),
    inProgress: z.number().int(),
    overdue: z.number().int(),
    completionRate: z.number().nullable().describe('done ÷ (total − deferred)'),
  }),
  load: z.object({ commander: load, investigator: load }),
  repeatsByService: z.array(z.object({ service: z.string(), incidents: z.number().int(), repeats: z.number().int() })),
});

const insightsQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('Start (inclusive) of the declaration period; default 90 days before `to`'),
  to: z.iso.datetime({ offset: true }).optional().describe('End (exclusive); default now'),
  bucket: z.enum(['day', 'week', 'month']).default('week'),
  severity: z.string().max(40).optional(),
  service: z.string().max(200).optional(),
  platform: z.string().max(40).optional(),
});

type InsightsJson = z.infer<typeof insightsResponse>;

export function presentInsights(view: InsightsView): InsightsJson {
  return {
    ...view,
    period: { ...view.period, from: view.period.from.toISOString(), to: view.period.to.toISOString() },
    asOf: view.asOf.toISOString(),
  };
}

/** The insights as CSV, one figure a line: `metric,dimension,value` (RFC 4180 quoting). */
export function insightsCsv(json: InsightsJson): string {
  const rows: [string, string, string | number | null][] = [];
  const dist = (metric: string, dimension: string, d: Distribution) => {
    rows.push([`${metric}.count`, dimension, d.count], [`${metric}.median_seconds`, dimension, d.median], [`${metric}.p90_seconds`, dimension, d.p90]);
  };
  rows.push(['incidents.total', '', json.incidents.total], ['incidents.canceled', '', json.incidents.canceled], ['incidents.reopened', '', json.incidents.reopened]);
  for (const [severity, n] of Object.entries(json.incidents.bySeverity)) rows.push(['incidents.by_severity', severity, n]);
  for (const b of json.overTime) {
    rows.push(['over_time.total', b.bucket, b.total]);
    for (const [severity, n] of Object.entries(b.bySeverity)) rows.push([`over_time.${severity}`, b.bucket, n]);
  }
  for (const [name, d] of Object.entries(json.timeTo)) dist(`time_to_${name}`, '', d);
  for (const [severity, figures] of Object.entries(json.timeToBySeverity)) {
    for (const [name, d] of Object.entries(figures)) dist(`time_to_${name}`, severity, d);
  }
  for (const [status, d] of Object.entries(json.timeInStatus)) dist('time_in_status', status, d);
  rows.push(['postmortem.published', '', json.postmortem.published]);
  dist('postmortem.completion', '', json.postmortem.completion);
  for (const [key, value] of Object.entries(json.actions)) rows.push([`actions.${key}`, '', value]);
  for (const role of ['commander', 'investigator'] as const) {
    for (const p of json.load[role].people) rows.push([`load.${role}.incidents`, `${p.name} <${p.userId}>`, p.incidents]);
    rows.push([`load.${role}.top_share`, '', json.load[role].topShare], [`load.${role}.hhi`, '', json.load[role].hhi]);
  }
  for (const s of json.repeatsByService) rows.push(['repeats.incidents', s.service, s.incidents], ['repeats.repeats', s.service, s.repeats]);
  const cell = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(text) && typeof v === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return ['metric,dimension,value', ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

export const insightsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/insights',
    operationId: 'getInsights',
    summary: 'Insights over a period (filters: severity, service, platform); CSV with Accept: text/csv',
    tags: ['insights'],
    auth: 'viewer',
    query: insightsQuery,
    responses: {
      200: { description: 'The figures (docs/metrics.md)', schema: insightsResponse },
      400: { description: 'A bad period or an unknown severity or platform' },
    },
    async handler(ctx) {
      const view = await query(ctx, getInsights, {
        from: ctx.query.from ? new Date(ctx.query.from) : undefined,
        to: ctx.query.to ? new Date(ctx.query.to) : undefined,
        bucket: ctx.query.bucket,
        severity: ctx.query.severity,
        service: ctx.query.service,
        platform: ctx.query.platform,
      });
      const json = presentInsights(view);
      const accept = ctx.request.headers.accept ?? '';
      if (/\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept)) {
        return ctx.reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="hikeshi-insights.csv"')
          .send(insightsCsv(json));
      }
      return json;
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/incidents/:id/service',
    operationId: 'setIncidentService',
    summary: 'Name the service the incident hit (insights filter by it and count repeats); null clears it',
    tags: ['incidents'],
    auth: 'responder',
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ service: z.string().max(100).nullable() }),
    responses: {
      200: { description: 'The service', schema: z.object({ service: z.string().nullable() }) },
      404: { description: 'No such incident' },
      409: { description: 'The incident is closed or canceled' },
    },
    handler: (ctx) => run(ctx, setIncidentService, { incidentId: ctx.params.id, service: ctx.body.service }),
  }),
];
