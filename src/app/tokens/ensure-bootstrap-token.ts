import type { Actor } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import { findTokenByHash, hashToken, insertToken, unrevokeToken } from '../../store/tokens.ts';
import { findUserByEmail, insertUser, updateUser, type User } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';

export const BOOTSTRAP_ADMIN_EMAIL = 'bootstrap-admin@hikeshi.local';
export const BOOTSTRAP_ADMIN_NAME = 'Bootstrap admin';
const BOOTSTRAP_TOKEN_NAME = 'HIKESHI_BOOTSTRAP_ADMIN_TOKEN';

/** The actor start-up runs as: the environment, which may make the first admin. */
export const bootstrapActor: Actor = { userId: 'system:bootstrap', role: 'admin' };

export interface BootstrapResult {
  userId: string;
  tokenId: string;
  /** Whether this run changed anything (false on every run after the first). */
  changed: boolean;
}

async function ensureAdmin(ctx: UseCaseContext): Promise<{ user: User; changed: boolean }> {
  const inserted = await insertUser(
    ctx.tx,
    {
      id: ctx.newId(),
      workspaceId: ctx.workspaceId,
      name: BOOTSTRAP_ADMIN_NAME,
      email: BOOTSTRAP_ADMIN_EMAIL,
      role: 'admin',
      slackUserId: null,
      locale: null,
      createdAt: ctx.now,
    },
    { ifAbsent: true },
  );
  if (inserted) return { user: inserted, changed: true };
  const existing = await findUserByEmail(ctx.tx, ctx.workspaceId, BOOTSTRAP_ADMIN_EMAIL);
  if (!existing) throw new DomainError('conflict', { field: 'email' });
  if (existing.role === 'admin' && existing.isActive) return { user: existing, changed: false };
  // The environment says this token is an admin's: undo a demotion or deactivation.
  const restored = await updateUser(ctx.tx, ctx.workspaceId, existing.id, { role: 'admin', isActive: true });
  return { user: restored ?? existing, changed: true };
}

/**
 * Makes the `HIKESHI_BOOTSTRAP_ADMIN_TOKEN` value a valid token of the bootstrap admin
 * (`bootstrap-admin@hikeshi.local`), creating the user and the token as needed. Idempotent:
 * a second run changes nothing. Safe when several processes start at once.
 */
export async function ensureBootstrapToken(ctx: UseCaseContext, input: { token: string }): Promise<BootstrapResult> {
  if (input.token.trim() === '') throw new DomainError('validation_failed', { field: 'token', reason: 'required' });
  const { user, changed: userChanged } = await ensureAdmin(ctx);
  const tokenHash = hashToken(input.token);
  const inserted = await insertToken(
    ctx.tx,
    { id: ctx.newId(), userId: user.id, name: BOOTSTRAP_TOKEN_NAME, tokenHash, prefix: 'bootstrap', createdAt: ctx.now },
    { ifAbsent: true },
  );
  if (inserted) return { userId: user.id, tokenId: inserted.id, changed: true };
  const existing = await findTokenByHash(ctx.tx, tokenHash);
  if (!existing || existing.userId !== user.id) {
    // The secret is already another user's token: refuse rather than hand that user admin rights.
    throw new DomainError('conflict', { field: 'token', reason: 'token_in_use' });
  }
  if (existing.revokedAt !== null) await unrevokeToken(ctx.tx, existing.id);
  return { userId: user.id, tokenId: existing.id, changed: userChanged || existing.revokedAt !== null };
}
