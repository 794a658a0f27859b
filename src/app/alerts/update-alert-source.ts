import { DomainError } from '../../domain/errors.ts';
import { newSourceSecret, updateAlertSource } from '../../store/alerts.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { getAlertSource } from './get-alert-source.ts';

/** Renames a source or sets (null: removes) Sentry's signing secret (admins). */
export async function updateAlertSourceSettings(
  ctx: UseCaseContext,
  input: { sourceId: string; name?: string | undefined; signingSecret?: string | null | undefined },
): Promise<void> {
  const row = await getAlertSource(ctx, { sourceId: input.sourceId });
  if (input.signingSecret !== undefined && row.kind !== 'sentry') {
    throw new DomainError('validation_failed', { field: 'signingSecret', reason: 'sentry_only' });
  }
  const name = input.name?.trim();
  if (name === '') throw new DomainError('validation_failed', { field: 'name', reason: 'required' });
  await updateAlertSource(ctx.tx, row.id, {
    ...(name !== undefined && { name }),
    ...(input.signingSecret !== undefined && { signing_secret: input.signingSecret?.trim() || null }),
  });
}

/** Replaces a source's secret (admins): the old one stops working at once; the new one is shown once. */
export async function rotateAlertSourceSecret(ctx: UseCaseContext, input: { sourceId: string }): Promise<{ secret: string }> {
  const row = await getAlertSource(ctx, input);
  const { secret, hash, prefix } = newSourceSecret();
  await updateAlertSource(ctx.tx, row.id, { secret_hash: hash, secret_prefix: prefix });
  return { secret };
}

/** Deletes a source (admins): its webhook answers 404 from now on; its alerts stay on their reports. */
export async function deleteAlertSource(ctx: UseCaseContext, input: { sourceId: string }): Promise<void> {
  authorize(ctx.actor, 'alert_source.manage');
  const row = await getAlertSource(ctx, input);
  await updateAlertSource(ctx.tx, row.id, { deleted_at: ctx.now });
}
