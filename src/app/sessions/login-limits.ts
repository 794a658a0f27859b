import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { addFailure, clearFailures, readFailures } from '../../store/sessions.ts';
import type { Database } from '../../store/schema.ts';

/**
 * Sign-in rate limits, counted in the database so every process sees them: at most
 * `ACCOUNT_LIMIT` failed sign-ins per account and `IP_LIMIT` per client address in a window of
 * `WINDOW_MS`. Once a limit is reached every sign-in on that key is refused (429, Retry-After)
 * until the window ends, even with the right password.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

export interface LimitKeys {
  /** `account:<email>`; absent for token sign-ins. */
  account?: string | undefined;
  ip: string;
}

/** The counter keys of an attempt. */
export function limitKeys(ip: string, email?: string): LimitKeys {
  return { ip: `ip:${ip}`, ...(email !== undefined && { account: `account:${email}` }) };
}

function keysWithLimits(keys: LimitKeys): [string, number][] {
  const list: [string, number][] = [[keys.ip, IP_LIMIT]];
  if (keys.account) list.push([keys.account, ACCOUNT_LIMIT]);
  return list;
}

/** Throws `too_many_attempts` (with `retryAfter` seconds) when a key has used up its window. */
export async function checkLoginLimits(db: Kysely<Database>, keys: LimitKeys, now: Date): Promise<void> {
  const windowStartAfter = new Date(now.getTime() - LOGIN_WINDOW_MS);
  let retryAfterMs = 0;
  for (const [key, limit] of keysWithLimits(keys)) {
    const found = await readFailures(db, key, windowStartAfter);
    if (found && found.failures >= limit) {
      retryAfterMs = Math.max(retryAfterMs, found.windowStart.getTime() + LOGIN_WINDOW_MS - now.getTime());
    }
  }
  if (retryAfterMs > 0) throw new DomainError('too_many_attempts', { retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

/** Counts a failed attempt on every key. */
export async function recordLoginFailure(db: Kysely<Database>, keys: LimitKeys, now: Date): Promise<void> {
  const windowStartAfter = new Date(now.getTime() - LOGIN_WINDOW_MS);
  for (const [key] of keysWithLimits(keys)) await addFailure(db, key, now, windowStartAfter);
}

/** A successful sign-in clears its account's counter (the address's keeps counting). */
export async function recordLoginSuccess(db: Kysely<Database>, keys: LimitKeys): Promise<void> {
  if (keys.account) await clearFailures(db, keys.account);
}
