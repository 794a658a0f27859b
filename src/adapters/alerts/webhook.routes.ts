import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ingestDelivery } from '../../app/alerts/ingest-delivery.ts';
import type { IngestResult } from '../../app/alerts/plan-delivery.ts';
import { isAlertSourceKind } from '../../domain/alerts.ts';
import { DomainError } from '../../domain/errors.ts';
import { countRejected, findAlertSource, findAlertSourceBySecret, hashSourceSecret, type AlertSourceRow } from '../../store/alerts.ts';
import type { HttpDeps } from '../http/deps.ts';
import { defineRoute } from '../http/route.ts';
import { checkDeliveryAuth, parseDelivery, type ParsedDelivery } from './deliveries.ts';
import type { Locale } from '../../domain/playbook.ts';

const tags = ['alerts'];

const sourceParams = z.strictObject({ sourceId: z.string().max(100) });
const tokenQuery = z.strictObject({ token: z.string().max(200).optional() });
const anyJson = z.unknown().describe("The sending tool's own payload (docs/alerts.md)");

const deliveryResponse = z.object({
  status: z.literal('ok'),
  opened: z.number().int(),
  repeated: z.number().int(),
  acknowledged: z.number().int(),
  resolved: z.number().int(),
  ignored: z.number().int(),
  reportIds: z.array(z.string()),
});

const pagerDutyResponse = z.object({ status: z.literal('success'), message: z.string(), dedup_key: z.string() });

const refusals = {
  400: { description: 'Malformed JSON, or not the payload of this source’s tool (details name the fields)' },
  401: { description: 'Missing or wrong secret (or Sentry signature)' },
  404: { description: 'No such alert source' },
  413: { description: 'Body over 1 MiB' },
  415: { description: 'Not JSON' },
};

function sourceIdOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  return typeof params?.['sourceId'] === 'string' ? params['sourceId'] : undefined;
}

/** Counts a refused delivery on its source (when the source is known). */
async function countRefusal(deps: HttpDeps, source: AlertSourceRow | undefined, refusal: { status: number; code: string; message: string }): Promise<void> {
  if (!source || refusal.status === 404) return;
  await countRejected(deps.app.db, source.id, { at: deps.app.clock.now(), ...refusal });
}

/**
 * The live source a delivery names — by its id in the URL or its secret's hash (PagerDuty's
 * routing_key) — remembered between deliveries: a lookup was one of a delivery's three statements.
 * A change to a source's secret, kind, name or deletion, in any process, clears the cache
 * (`hikeshi_auth`, migration 019; keepAuthCacheFresh).
 */
async function liveSource(deps: HttpDeps, by: { id: string } | { secretHash: string }): Promise<AlertSourceRow | undefined> {
  const key = 'id' in by ? `id:${by.id}` : `secret:${by.secretHash}`;
  const cached = deps.alertSourceCache?.get(key);
  if (cached) return cached;
  const { db, workspaceId } = deps.app;
  const found = 'id' in by ? await findAlertSource(db, workspaceId, by.id) : await findAlertSourceBySecret(db, workspaceId, by.secretHash);
  if (found) deps.alertSourceCache?.set(key, found);
  return found;
}

async function ingest(deps: HttpDeps, source: AlertSourceRow, parsed: ParsedDelivery): Promise<IngestResult> {
  if (!isAlertSourceKind(source.kind)) throw new DomainError('not_found', { what: 'alert source' });
  return ingestDelivery(deps.app, { source: { id: source.id, kind: source.kind }, alerts: parsed.alerts });
}

function parseFor(source: AlertSourceRow, request: FastifyRequest, locale: Locale, deps: HttpDeps): ParsedDelivery {
  if (!isAlertSourceKind(source.kind)) throw new DomainError('not_found', { what: 'alert source' });
  return parseDelivery(source.kind, request, locale, deps.app.clock.now());
}

/** Alert webhooks: each source's URL, and the PagerDuty-compatible Events API v2 endpoint. */
export const alertWebhookRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/alerts/:sourceId',
    operationId: 'deliverAlerts',
    summary: "A monitoring tool delivers alerts in its own format (Alertmanager, Grafana, Sentry, PagerDuty event, generic JSON); secret as bearer, basic password or ?token=",
    tags,
    auth: 'secret',
    params: sourceParams,
    query: tokenQuery,
    body: anyJson,
    responses: {
      200: { description: 'Stored (whole delivery, or nothing)', schema: deliveryResponse },
      202: { description: 'A PagerDuty event (source of kind pagerduty), answered as PagerDuty does', schema: pagerDutyResponse },
      ...refusals,
    },
    async onRefused(request, refusal, deps) {
      const id = sourceIdOf(request);
      await countRefusal(deps, id ? await liveSource(deps, { id }) : undefined, refusal);
    },
    async handler(ctx) {
      const source = await liveSource(ctx.deps, { id: ctx.params.sourceId });
      if (!source) throw new DomainError('not_found', { what: 'alert source' });
      checkDeliveryAuth(source, ctx.request, ctx.query.token);
      const parsed = parseFor(source, ctx.request, ctx.locale, ctx.deps);
      const result = await ingest(ctx.deps, source, parsed);
      if (parsed.dedupKey !== undefined) {
        ctx.reply.code(202);
        return { status: 'success' as const, message: 'Event processed', dedup_key: parsed.dedupKey };
      }
      const { openedReports, ...counts } = result;
      return { status: 'ok' as const, ...counts, reportIds: openedReports };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v2/enqueue',
    operationId: 'enqueuePagerDutyEvent',
    summary: 'PagerDuty Events API v2 compatible: routing_key is the secret of a source of kind pagerduty',
    tags,
    auth: 'secret',
    body: anyJson,
    responses: { 202: { description: 'Event processed', schema: pagerDutyResponse }, ...refusals },
    async onRefused(request, refusal, deps) {
      const key = (request.body as { routing_key?: unknown } | undefined)?.routing_key;
      if (typeof key !== 'string' || key === '') return;
      const source = await liveSource(deps, { secretHash: hashSourceSecret(key) });
      await countRefusal(deps, source?.kind === 'pagerduty' ? source : undefined, refusal);
    },
    async handler(ctx) {
      const body = ctx.body as { routing_key?: unknown } | undefined;
      const key = typeof body?.routing_key === 'string' ? body.routing_key : '';
      const source = key === '' ? undefined : await liveSource(ctx.deps, { secretHash: hashSourceSecret(key) });
      if (!source || source.kind !== 'pagerduty') {
        throw new DomainError('validation_failed', { field: 'routing_key' }, [
          { field: 'routing_key', message: 'not the routing key (secret) of a PagerDuty source' },
        ]);
      }
      const parsed = parseFor(source, ctx.request, ctx.locale, ctx.deps);
      await ingest(ctx.deps, source, parsed);
      return { status: 'success' as const, message: 'Event processed', dedup_key: parsed.dedupKey ?? '' };
    },
  }),
];
