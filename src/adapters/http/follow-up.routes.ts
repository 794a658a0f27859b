import { z } from 'zod';
import { getDigest } from '../../app/actions/digest.ts';
import { createTarget, listTargets, removeTarget, type WebhookTargetView } from '../../app/webhooks/webhook-targets.ts';
import { query, run } from './caller.ts';
import { defineRoute } from './route.ts';

/** The morning check's digest (for the web page) and the admin API of outbound webhook targets. */

const digestAction = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'in_progress']),
  dueDate: z.string(),
  priority: z.enum(['high', 'medium', 'low']),
  incident: z.object({ id: z.string(), number: z.number().int(), title: z.string() }),
});

export const digestResponse = z.object({
  date: z.string().describe('Today in the digest’s time zone, YYYY-MM-DD'),
  timezone: z.string(),
  totals: z.object({ open: z.number().int(), dueToday: z.number().int(), overdue: z.number().int() }),
  owners: z.array(
    z.object({
      owner: z.object({ id: z.string(), name: z.string() }),
      overdue: z.array(digestAction),
      dueToday: z.array(digestAction),
      open: z.array(digestAction).describe('Due after today'),
    }),
  ),
});

const webhookTargetResponse = z.object({
  id: z.string().describe('playbook:<name> or api:<uuid>'),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  secretEnv: z.string().describe('The environment variable holding the secret (never the secret)'),
  source: z.enum(['playbook', 'api']),
  createdAt: z.string().nullable(),
});

const createWebhookBody = z.strictObject({
  name: z.string().max(100),
  url: z.string().max(2_000),
  events: z.array(z.string().max(60)).min(1).max(10),
  secretEnv: z.string().max(128),
});

function presentTarget(t: WebhookTargetView) {
  return { ...t, events: [...t.events], createdAt: t.createdAt ? t.createdAt.toISOString() : null };
}

export const followUpRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/actions/digest',
    operationId: 'getActionDigest',
    summary: 'The morning check: open actions by owner (overdue, due today, other open) for the incidents the caller may see',
    tags: ['actions'],
    auth: 'viewer',
    responses: { 200: { description: 'The digest', schema: digestResponse } },
    async handler(ctx) {
      const digest = await query(ctx, getDigest, {});
      const strip = (a: (typeof digest.owners)[number]['open'][number]) => ({
        id: a.id,
        title: a.title,
        status: a.status as 'open' | 'in_progress',
        dueDate: a.dueDate,
        priority: a.priority,
        incident: a.incident,
      });
      return {
        ...digest,
        owners: digest.owners.map((g) => ({
          owner: g.owner,
          overdue: g.overdue.map(strip),
          dueToday: g.dueToday.map(strip),
          open: g.open.map(strip),
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/webhooks',
    operationId: 'listWebhookTargets',
    summary: 'Outbound webhook targets: the playbook’s and those added here (admins)',
    tags: ['webhooks'],
    auth: 'admin',
    responses: { 200: { description: 'The targets', schema: z.object({ items: z.array(webhookTargetResponse) }) } },
    async handler(ctx) {
      return { items: (await query(ctx, listTargets, undefined)).map(presentTarget) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/webhooks',
    operationId: 'createWebhookTarget',
    summary: 'Add a webhook target: http(s) URL, events, and the env variable holding its secret (admins)',
    tags: ['webhooks'],
    auth: 'admin',
    body: createWebhookBody,
    responses: { 201: { description: 'Created', schema: webhookTargetResponse } },
    async handler(ctx) {
      const target = await run(ctx, createTarget, ctx.body);
      ctx.reply.code(201);
      return presentTarget(target);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/webhooks/:id',
    operationId: 'deleteWebhookTarget',
    summary: 'Remove a webhook target added through the API (admins)',
    tags: ['webhooks'],
    auth: 'admin',
    params: z.strictObject({ id: z.uuid() }),
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such target' } },
    async handler(ctx) {
      await run(ctx, removeTarget, { id: ctx.params.id });
      ctx.reply.code(204);
      return undefined;
    },
  }),
];
