import { DomainError } from '../../domain/errors.ts';
import { findPassword, type SessionVia } from '../../store/sessions.ts';
import { findAuthentication, hashToken } from '../../store/tokens.ts';
import { findUserByEmail, type User } from '../../store/users.ts';
import { runUseCase, type AppDeps } from '../context.ts';
import { normalizeEmail } from '../users/create-user.ts';
import { checkLoginLimits, limitKeys, recordLoginFailure, recordLoginSuccess } from './login-limits.ts';
import { verifyNothing, verifyPassword } from './password.ts';
import { createSession, type CreatedSession } from './web-session.ts';

export type SignInInput = { email: string; password: string } | { token: string };

export interface SignedIn extends CreatedSession {
  user: User;
}

async function checkCredentials(deps: AppDeps, input: SignInInput): Promise<User | undefined> {
  if ('token' in input) {
    const found = await findAuthentication(deps.db, deps.workspaceId, hashToken(input.token.trim()));
    return found?.user;
  }
  const user = await findUserByEmail(deps.db, deps.workspaceId, normalizeEmail(input.email));
  const stored = user?.isActive ? await findPassword(deps.db, user.id) : undefined;
  if (!user || !stored) {
    await verifyNothing(input.password);
    return undefined;
  }
  return (await verifyPassword(input.password, stored)) ? user : undefined;
}

/**
 * Signs a browser in with email + password or with an API token, within the rate limits
 * (login-limits.ts). A failure is counted outside any transaction, so it is kept although the
 * request fails; success opens a session. Every failure reads the same: `invalid_credentials`.
 */
export async function signIn(deps: AppDeps, input: SignInInput, clientIp: string): Promise<SignedIn> {
  const keys = limitKeys(clientIp, 'email' in input ? normalizeEmail(input.email) : undefined);
  await checkLoginLimits(deps.db, keys, deps.clock.now());
  const user = await checkCredentials(deps, input);
  if (!user) {
    await recordLoginFailure(deps.db, keys, deps.clock.now());
    throw new DomainError('invalid_credentials');
  }
  await recordLoginSuccess(deps.db, keys);
  const via: SessionVia = 'token' in input ? 'token' : 'password';
  const created = await runUseCase(deps, { userId: user.id, role: user.role }, createSession, { via });
  return { ...created, user };
}
