import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { StoredPassword } from '../../store/sessions.ts';

/**
 * Password hashing with scrypt (node:crypto): a random 16-byte salt per user, N=2^14, r=8, p=1,
 * 64-byte output; compared in constant time. The parameters are stored with each hash so they can
 * be raised later without invalidating old ones.
 */

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 } as const;
const PARAMS = `scrypt:N=${COST.N},r=${COST.r},p=${COST.p},len=${KEY_LENGTH}`;

/** Passwords shorter than this are refused; longer than the maximum too (hashing cost). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function parseParams(params: string): { options: ScryptOptions; length: number } | undefined {
  const match = /^scrypt:N=(\d+),r=(\d+),p=(\d+),len=(\d+)$/.exec(params);
  if (!match) return undefined;
  const [, n, r, p, len] = match.map(Number);
  if (n === undefined || r === undefined || p === undefined || len === undefined) return undefined;
  return { options: { N: n, r, p }, length: len };
}

/** A new salted hash of a password. */
export async function hashPassword(password: string): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return { hash: key.toString('base64'), salt: salt.toString('base64'), params: PARAMS };
}

/** Whether the password matches the stored hash (constant-time comparison). */
export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const parsed = parseParams(stored.params);
  if (!parsed) return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), parsed.options, parsed.length);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const DUMMY: StoredPassword = { hash: Buffer.alloc(KEY_LENGTH).toString('base64'), salt: Buffer.alloc(16).toString('base64'), params: PARAMS };

/** Spends the time of one verification, so an unknown email answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
  await verifyPassword(password, DUMMY);
}
