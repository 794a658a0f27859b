import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../app/sessions/password.ts';
import { userResponse } from './users.schemas.ts';

export const signInBody = z.union([
  z.strictObject({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
  z.strictObject({ token: z.string().trim().min(1).max(200).meta({ description: 'An API token (hks_…)' }) }),
]);

export const sessionResponse = z.strictObject({
  user: userResponse,
  via: z.enum(['password', 'token', 'bearer']).meta({ description: 'bearer: this request carried an Authorization header, no session' }),
  csrfToken: z.string().nullable().meta({ description: 'Send as X-CSRF-Token on unsafe requests made with the session cookie' }),
  expiresAt: z.iso.datetime().nullable(),
});

export const setPasswordBody = z.strictObject({
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  currentPassword: z.string().max(PASSWORD_MAX_LENGTH).optional().meta({ description: 'Required to change your own password once you have one' }),
});
