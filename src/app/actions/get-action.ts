import type { UseCaseContext } from '../context.ts';
import { findVisibleAction, readActionView, type ActionView } from './action-view.ts';

/** One prevention action, if the actor may see its incident. */
export async function getAction(
  ctx: UseCaseContext,
  input: { actionId: string },
): Promise<ActionView> {
  const action = await findVisibleAction(ctx, input.actionId);
  return readActionView(ctx, action.id);
}
