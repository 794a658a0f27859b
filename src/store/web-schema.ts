/** Kysely types of migration 008-web, merged into `Database` by module augmentation. */

type Timestamp = Date;

export interface UserPasswordsTable {
  user_id: string;
  /** scrypt output, base64. */
  hash: string;
  /** Per-user random salt, base64. */
  salt: string;
  /** The cost the hash was made with, e.g. `scrypt:N=16384,r=8,p=1,len=64`. */
  params: string;
  updated_at: Timestamp;
}

export interface WebSessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  token_hash: string;
  /** Echoed by the browser in `X-CSRF-Token` on unsafe requests. */
  csrf_token: string;
  via: 'password' | 'token';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Sliding: moved forward on use, never past `max_expires_at`. */
  expires_at: Timestamp;
  max_expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  /** `account:<email>` or `ip:<address>`. */
  key: string;
  window_start: Timestamp;
  failures: number;
}

declare module './schema.ts' {
  interface Database {
    user_passwords: UserPasswordsTable;
    web_sessions: WebSessionsTable;
    login_attempts: LoginAttemptsTable;
  }
}
