import type { WorkspaceRole } from '../../domain/actor.ts';
import type { Locale } from '../../domain/playbook.ts';
import { findUserByEmail, findUserBySlackId, insertUser, updateUser, type User } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { normalizeEmail } from '../users/create-user.ts';

/** What Slack says of a user (users.info). */
export interface SlackProfile {
  slackUserId: string;
  name: string;
  /** Absent without the users:read.email scope or for guests without one. */
  email?: string | undefined;
  locale?: Locale | undefined;
}

/** The hikeshi user linked to a Slack user, if any (a read: no transaction needed). */
export async function findSlackUser(ctx: UseCaseContext, input: { slackUserId: string }): Promise<User | undefined> {
  return findUserBySlackId(ctx.tx, ctx.workspaceId, input.slackUserId);
}

/**
 * The hikeshi user of a Slack user, made on first sight: an existing user with the same email is
 * linked to the Slack id (so an admin may create people first); otherwise a new user with the
 * given role (a setting, `responder` by default, never admin) and the Slack name, email and
 * locale. A user without an email in Slack gets `<slack id>@slack.invalid`, which can be changed
 * later. Run as an admin actor (the Slack adapter's system actor).
 */
export async function provisionSlackUser(
  ctx: UseCaseContext,
  input: SlackProfile & { role: Exclude<WorkspaceRole, 'admin'> },
): Promise<User> {
  authorize(ctx.actor, 'user.manage');
  const linked = await findUserBySlackId(ctx.tx, ctx.workspaceId, input.slackUserId);
  if (linked) return linked;
  const email = normalizeEmail(input.email ?? `${input.slackUserId.toLowerCase()}@slack.invalid`);
  const byEmail = await findUserByEmail(ctx.tx, ctx.workspaceId, email);
  if (byEmail && byEmail.slackUserId === null) {
    const updated = await updateUser(ctx.tx, ctx.workspaceId, byEmail.id, {
      slackUserId: input.slackUserId,
      ...(byEmail.locale === null && input.locale ? { locale: input.locale } : {}),
    });
    if (updated) return updated;
  }
  const name = input.name.trim() === '' ? input.slackUserId : input.name.trim();
  const inserted = await insertUser(
    ctx.tx,
    {
      id: ctx.newId(),
      workspaceId: ctx.workspaceId,
      name,
      // An email held by someone linked to another Slack user: keep both apart.
      email: byEmail ? `${input.slackUserId.toLowerCase()}@slack.invalid` : email,
      role: input.role,
      slackUserId: input.slackUserId,
      locale: input.locale ?? null,
      createdAt: ctx.now,
    },
    { ifAbsent: true },
  );
  if (inserted) return inserted;
  // A concurrent first sight of the same person won: use theirs.
  const again = await findUserBySlackId(ctx.tx, ctx.workspaceId, input.slackUserId);
  if (!again) throw new Error(`Slack user ${input.slackUserId} could not be provisioned`);
  return again;
}
