import { listAlertSources, type AlertSourceRow } from '../../store/alerts.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

/** Every live alert source with its delivery counters (admins: the settings page). */
export async function listVisibleAlertSources(ctx: UseCaseContext, _input: Record<string, never>): Promise<AlertSourceRow[]> {
  authorize(ctx.actor, 'alert_source.manage');
  return listAlertSources(ctx.tx, ctx.workspaceId);
}
