import { sql, type Kysely } from 'kysely';

/**
 * Web sign-in:
 * - `user_passwords`: a local account's password as an scrypt hash with its own salt and the cost
 *   parameters it was made with (so they can be raised later without breaking old hashes);
 * - `web_sessions`: a signed-in browser; only the SHA-256 of the cookie's token is stored, with the
 *   CSRF token the browser must echo on unsafe requests, a sliding expiry and an absolute limit;
 * - `login_attempts`: failed sign-ins counted per key (`account:<email>`, `ip:<address>`) in a fixed
 *   window, so every process of a deployment sees the same limit.
 */
const statements = [
  `CREATE TABLE user_passwords (
    user_id uuid PRIMARY KEY REFERENCES users(id),
    hash text NOT NULL,
    salt text NOT NULL,
    params text NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE TABLE web_sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    token_hash text NOT NULL UNIQUE,
    csrf_token text NOT NULL,
    via text NOT NULL CHECK (via IN ('password', 'token')),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    max_expires_at timestamptz NOT NULL
  )`,
  `CREATE INDEX web_sessions_by_user ON web_sessions (user_id)`,
  `CREATE TABLE login_attempts (
    key text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    failures integer NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['login_attempts', 'web_sessions', 'user_passwords']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
