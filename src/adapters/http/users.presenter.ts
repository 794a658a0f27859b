import type { z } from 'zod';
import type { User } from '../../store/users.ts';
import type { userResponse } from './users.schemas.ts';

export type UserResponse = z.infer<typeof userResponse>;

/** A user as the API shows it. */
export function presentUser(user: User): UserResponse {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    slackUserId: user.slackUserId,
    locale: user.locale,
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
  };
}
