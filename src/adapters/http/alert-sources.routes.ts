import { createAlertSource } from '../../app/alerts/create-alert-source.ts';
import { getAlertSource } from '../../app/alerts/get-alert-source.ts';
import { listVisibleAlertSources } from '../../app/alerts/list-alert-sources.ts';
import { deleteAlertSource, rotateAlertSourceSecret, updateAlertSourceSettings } from '../../app/alerts/update-alert-source.ts';
import { alertWebhookRoutes } from '../alerts/webhook.routes.ts';
import { query, run } from './caller.ts';
import { presentAlertSource } from './alert-sources.presenter.ts';
import {
  alertSourceIdParams,
  alertSourceListResponse,
  alertSourceResponse,
  createAlertSourceBody,
  createdAlertSourceResponse,
  updateAlertSourceBody,
} from './alert-sources.schemas.ts';
import { defineRoute, type RouteDefinition } from './route.ts';

const tags = ['alerts'];
const errors = { 404: { description: 'No such alert source' } };

/** Alert sources (admins) and the alert webhooks themselves. */
export const alertRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/alert-sources',
    operationId: 'createAlertSource',
    summary: 'Add a webhook for a monitoring tool (admins); the secret is shown once',
    tags,
    auth: 'admin',
    body: createAlertSourceBody,
    responses: { 201: { description: 'The source, its URL and secret', schema: createdAlertSourceResponse }, 409: { description: 'Name taken' } },
    async handler(ctx) {
      const { row, secret } = await run(ctx, createAlertSource, ctx.body);
      return { ...presentAlertSource(row, ctx.deps.config.publicUrl), secret };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/alert-sources',
    operationId: 'listAlertSources',
    summary: 'Alert sources with their accepted and refused deliveries (admins)',
    tags,
    auth: 'admin',
    responses: { 200: { description: 'Every source', schema: alertSourceListResponse } },
    async handler(ctx) {
      const rows = await query(ctx, listVisibleAlertSources, {});
      return { items: rows.map((row) => presentAlertSource(row, ctx.deps.config.publicUrl)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/alert-sources/:id',
    operationId: 'getAlertSource',
    summary: 'One alert source with its delivery counters, refusals by code and the last refusal (admins)',
    tags,
    auth: 'admin',
    params: alertSourceIdParams,
    responses: { 200: { description: 'The source', schema: alertSourceResponse }, ...errors },
    async handler(ctx) {
      return presentAlertSource(await query(ctx, getAlertSource, { sourceId: ctx.params.id }), ctx.deps.config.publicUrl);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/alert-sources/:id',
    operationId: 'updateAlertSource',
    summary: "Rename a source, or set Sentry's Client Secret (null removes it) (admins)",
    tags,
    auth: 'admin',
    params: alertSourceIdParams,
    body: updateAlertSourceBody,
    responses: { 200: { description: 'The source', schema: alertSourceResponse }, ...errors },
    async handler(ctx) {
      await run(ctx, updateAlertSourceSettings, { sourceId: ctx.params.id, ...ctx.body });
      return presentAlertSource(await query(ctx, getAlertSource, { sourceId: ctx.params.id }), ctx.deps.config.publicUrl);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/alert-sources/:id/rotate-secret',
    operationId: 'rotateAlertSourceSecret',
    summary: 'Replace the secret (the old one stops working at once); the new one is shown once (admins)',
    tags,
    auth: 'admin',
    params: alertSourceIdParams,
    responses: { 200: { description: 'The source with its new secret', schema: createdAlertSourceResponse }, ...errors },
    async handler(ctx) {
      const { secret } = await run(ctx, rotateAlertSourceSecret, { sourceId: ctx.params.id });
      return { ...presentAlertSource(await query(ctx, getAlertSource, { sourceId: ctx.params.id }), ctx.deps.config.publicUrl), secret };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/alert-sources/:id',
    operationId: 'deleteAlertSource',
    summary: 'Delete a source: its webhook answers 404 from now on (admins)',
    tags,
    auth: 'admin',
    params: alertSourceIdParams,
    responses: { 204: { description: 'Deleted' }, ...errors },
    async handler(ctx) {
      await run(ctx, deleteAlertSource, { sourceId: ctx.params.id });
      return undefined;
    },
  }),
  ...alertWebhookRoutes,
];
