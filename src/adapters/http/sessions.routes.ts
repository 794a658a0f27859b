import { runUseCase } from '../../app/context.ts';
import { setPassword } from '../../app/sessions/set-password.ts';
import { signIn } from '../../app/sessions/sign-in.ts';
import { endSession, SESSION_MAX_MS } from '../../app/sessions/web-session.ts';
import { getUser } from '../../app/users/get-user.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { requestSession } from './auth.ts';
import { defineRoute, type RouteDefinition } from './route.ts';
import { clearSessionCookie, isSameOrigin, setSessionCookie } from './session-cookie.ts';
import { sessionResponse, setPasswordBody, signInBody } from './sessions.schemas.ts';
import { presentUser } from './users.presenter.ts';
import { userIdParams } from './users.schemas.ts';

const tags = ['session'];

/** Web sign-in, sign-out and passwords (docs/web.md). */
export const sessionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/session',
    operationId: 'signIn',
    summary: 'Sign in with email + password, or with an API token (`token`); sets the session cookie',
    tags,
    auth: 'public',
    body: signInBody,
    responses: {
      201: { description: 'Signed in; the cookie is set', schema: sessionResponse },
      401: { description: 'Wrong email, password or token' },
      429: { description: 'Too many failed sign-ins; see Retry-After' },
    },
    async handler({ deps, body, request, reply }) {
      if (!isSameOrigin(request, deps.config.publicUrl)) throw new DomainError('csrf_failed');
      try {
        const signedIn = await signIn(deps.app, body, request.ip);
        setSessionCookie(reply, deps.config.publicUrl, signedIn.secret, Math.floor(SESSION_MAX_MS / 1000));
        return {
          user: presentUser(signedIn.user),
          via: signedIn.session.via,
          csrfToken: signedIn.session.csrfToken,
          expiresAt: signedIn.session.expiresAt.toISOString(),
        };
      } catch (error) {
        if (isDomainError(error) && error.code === 'too_many_attempts') reply.header('retry-after', String(error.params.retryAfter));
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/session',
    operationId: 'getSession',
    summary: 'Who is signed in, and the CSRF token of the session',
    tags,
    auth: 'viewer',
    responses: { 200: { description: 'The caller and their session', schema: sessionResponse } },
    async handler({ deps, actor, request }) {
      const session = requestSession(request);
      const user = await runUseCase(deps.app, actor, getUser, { id: actor.userId });
      return {
        user: presentUser(user),
        via: session?.via ?? 'bearer',
        csrfToken: session?.csrfToken ?? null,
        expiresAt: session?.expiresAt.toISOString() ?? null,
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/session',
    operationId: 'signOut',
    summary: 'Sign out: ends the session and clears the cookie',
    tags,
    auth: 'public',
    responses: { 204: { description: 'Signed out' } },
    async handler({ deps, actor, request, reply }) {
      const session = requestSession(request);
      if (actor && session) await runUseCase(deps.app, actor, endSession, { sessionId: session.id });
      clearSessionCookie(reply, deps.config.publicUrl);
      return undefined;
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/users/:id/password',
    operationId: 'setPassword',
    summary: 'Set a password: admins for anyone; users their own (with currentPassword). Ends the user’s other sessions.',
    tags,
    auth: 'viewer',
    params: userIdParams,
    body: setPasswordBody,
    responses: { 204: { description: 'Password set' } },
    async handler({ deps, actor, params, body, request }) {
      await runUseCase(deps.app, actor, setPassword, {
        userId: params.id,
        password: body.password,
        currentPassword: body.currentPassword,
        keepSessionId: requestSession(request)?.id,
      });
      return undefined;
    },
  }),
];
