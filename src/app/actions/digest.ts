import { buildDigest, type Digest } from '../../domain/digest.ts';
import { listActions } from '../../store/actions.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { todayIn } from './today.ts';

/** Most open actions a digest lists (a team with more has a bigger problem than the digest). */
const DIGEST_LIMIT = 1_000;

/**
 * The morning check's digest for the caller: open and in-progress actions of the incidents they
 * may see, by owner (overdue, due today, other open), with "today" in the digest's time zone.
 * `publicOnly` leaves private incidents out (for the Slack channel, which anyone may read).
 */
export async function getDigest(
  ctx: UseCaseContext,
  input: { publicOnly?: boolean } = {},
): Promise<Digest> {
  authorize(ctx.actor, 'action.read');
  const playbook = ctx.playbooks.current().playbook;
  const timezone = playbook.followUp.digest.timezone;
  const today = todayIn(timezone, ctx.now);
  const rows = await listActions(ctx.tx, {
    workspaceId: ctx.workspaceId,
    visibleTo: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
    publicOnly: input.publicOnly ?? false,
    today,
    statuses: ['open', 'in_progress'],
    limit: DIGEST_LIMIT,
  });
  return buildDigest(
    rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      dueDate: r.due_date,
      priority: r.priority,
      owner: { id: r.owner_id, name: r.owner_name },
      incident: { id: r.incident_id, number: r.incident_number, title: r.incident_title },
    })),
    today,
    timezone,
  );
}
