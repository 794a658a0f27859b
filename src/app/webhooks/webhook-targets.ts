import { DomainError } from '../../domain/errors.ts';
import { checkEvents, checkSecretEnv, checkWebhookUrl, type WebhookTarget } from '../../domain/webhooks.ts';
import { deleteWebhookTarget, insertWebhookTarget, listWebhookTargets } from '../../store/webhook-targets.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

/** Outbound webhook targets: those of the playbook file and those added by admins through the API. */

export interface WebhookTargetView extends WebhookTarget {
  source: 'playbook' | 'api';
  createdAt: Date | null;
}

/** Every target in force: the playbook's first, then the API's. */
export async function listTargets(ctx: UseCaseContext): Promise<WebhookTargetView[]> {
  authorize(ctx.actor, 'user.manage');
  return resolveTargets(ctx);
}

/** The targets without a permission check (the delivery worker). */
export async function resolveTargets(ctx: Pick<UseCaseContext, 'tx' | 'playbooks' | 'workspaceId'>): Promise<WebhookTargetView[]> {
  const fromFile = (ctx.playbooks.current().playbook.webhooks ?? []).map((t) => ({
    id: `playbook:${t.name}`,
    name: t.name,
    url: t.url,
    events: t.events,
    secretEnv: t.secretEnv,
    source: 'playbook' as const,
    createdAt: null,
  }));
  const fromApi = (await listWebhookTargets(ctx.tx, ctx.workspaceId)).map((row) => ({
    id: `api:${row.id}`,
    name: row.name,
    url: row.url,
    events: row.events,
    secretEnv: row.secret_env,
    source: 'api' as const,
    createdAt: row.created_at,
  }));
  return [...fromFile, ...fromApi];
}

export async function createTarget(
  ctx: UseCaseContext,
  input: { name: string; url: string; events: string[]; secretEnv: string },
): Promise<WebhookTargetView> {
  authorize(ctx.actor, 'user.manage');
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', { field: 'name', reason: 'required' });
  const target = {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    name,
    url: checkWebhookUrl(input.url),
    events: checkEvents(input.events),
    secretEnv: checkSecretEnv(input.secretEnv),
    by: ctx.actor.userId,
    at: ctx.now,
  };
  await insertWebhookTarget(ctx.tx, target);
  return { id: `api:${target.id}`, name, url: target.url, events: target.events, secretEnv: target.secretEnv, source: 'api', createdAt: ctx.now };
}

export async function removeTarget(ctx: UseCaseContext, input: { id: string }): Promise<void> {
  authorize(ctx.actor, 'user.manage');
  if (!(await deleteWebhookTarget(ctx.tx, ctx.workspaceId, input.id, ctx.now))) {
    throw new DomainError('not_found', { what: 'webhook target' });
  }
}
