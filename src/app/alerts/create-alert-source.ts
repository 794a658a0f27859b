import type { AlertSourceKind } from '../../domain/alerts.ts';
import { DomainError } from '../../domain/errors.ts';
import { findAlertSource, insertAlertSource, newSourceSecret, type AlertSourceRow } from '../../store/alerts.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface CreateAlertSourceInput {
  kind: AlertSourceKind;
  name: string;
  /** Sentry's Client Secret, to verify `Sentry-Hook-Signature` (Sentry sources only). */
  signingSecret?: string | undefined;
}

/**
 * Adds a webhook for a monitoring tool (admins). The secret is returned here once and only its
 * hash is kept: a lost secret is replaced with `rotateAlertSourceSecret`, never read back.
 */
export async function createAlertSource(
  ctx: UseCaseContext,
  input: CreateAlertSourceInput,
): Promise<{ row: AlertSourceRow; secret: string }> {
  authorize(ctx.actor, 'alert_source.manage');
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', { field: 'name', reason: 'required' });
  if (input.signingSecret !== undefined && input.kind !== 'sentry') {
    throw new DomainError('validation_failed', { field: 'signingSecret', reason: 'sentry_only' });
  }
  const taken = await ctx.tx
    .selectFrom('alert_sources')
    .select('id')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  if (taken) throw new DomainError('conflict', { field: 'name' });
  const id = ctx.newId();
  const { secret, hash, prefix } = newSourceSecret();
  await insertAlertSource(ctx.tx, {
    id,
    workspace_id: ctx.workspaceId,
    kind: input.kind,
    name,
    secret_hash: hash,
    secret_prefix: prefix,
    signing_secret: input.signingSecret?.trim() || null,
    created_by: ctx.actor.userId,
    created_at: ctx.now,
    deleted_at: null,
  });
  const row = await findAlertSource(ctx.tx, ctx.workspaceId, id);
  if (!row) throw new DomainError('not_found', { what: 'alert source' });
  return { row, secret };
}
