import type { WorkspaceRole } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import { findUserByEmail, findUserBySlackId, insertUser, type User } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface CreateUserInput {
  name: string;
  email: string;
  role: WorkspaceRole;
  slackUserId?: string | undefined;
  locale?: Locale | undefined;
}

/** Emails compare without case or surrounding blanks. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks that no other user of the workspace is linked to this Slack user. */
export async function checkSlackUserFree(ctx: UseCaseContext, slackUserId: string, exceptUserId?: string): Promise<void> {
  const holder = await findUserBySlackId(ctx.tx, ctx.workspaceId, slackUserId);
  if (holder && holder.id !== exceptUserId) {
    throw new DomainError('conflict', { field: 'slackUserId', reason: 'slack_user_taken' });
  }
}

/** Adds a user to the workspace (admins only); the email must be new. */
export async function createUser(ctx: UseCaseContext, input: CreateUserInput): Promise<User> {
  authorize(ctx.actor, 'user.manage');
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', { field: 'name', reason: 'required' });
  if (await findUserByEmail(ctx.tx, ctx.workspaceId, email)) throw new DomainError('email_taken', { email });
  if (input.slackUserId !== undefined) await checkSlackUserFree(ctx, input.slackUserId);
  const user = await insertUser(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    name,
    email,
    role: input.role,
    slackUserId: input.slackUserId ?? null,
    locale: input.locale ?? null,
    createdAt: ctx.now,
  });
  if (!user) throw new DomainError('conflict', { field: 'email' });
  return user;
}
