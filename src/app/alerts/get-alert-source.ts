import { DomainError } from '../../domain/errors.ts';
import { findAlertSource, withReceipts, type AlertSourceRow } from '../../store/alerts.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

/** One alert source with its counters of accepted and refused deliveries (admins). */
export async function getAlertSource(ctx: UseCaseContext, input: { sourceId: string }): Promise<AlertSourceRow> {
  authorize(ctx.actor, 'alert_source.manage');
  const row = await findAlertSource(ctx.tx, ctx.workspaceId, input.sourceId);
  if (!row) throw new DomainError('not_found', { what: 'alert source' });
  const [counted] = await withReceipts(ctx.tx, [row]);
  return counted ?? row;
}
