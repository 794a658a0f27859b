import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { BOOTSTRAP_ADMIN_EMAIL } from '../src/app/tokens/ensure-bootstrap-token.ts';
import { DEFAULT_WORKSPACE } from '../src/boot.ts';
import type { Database } from '../src/store/schema.ts';
import { generateToken, hashToken, insertToken } from '../src/store/tokens.ts';
import { insertUser } from '../src/store/users.ts';

/**
 * Fast seeding in SQL for the list runs: incidents numbered after the workspace's counter (which
 * is moved on), mixed statuses and severities, 10% private, every incident with its creator as a
 * member and a commander, the bench viewer a member of half the private ones. 10k rows per
 * statement, so PGlite's single session is never blocked long.
 */

const CHUNK = 10_000;

export interface Viewer {
  userId: string;
  token: string;
}

/** A responder (not an admin, so the list applies the private-incident filter) with a token. */
export async function createViewer(db: Kysely<Database>): Promise<Viewer> {
  const now = new Date();
  const userId = randomUUID();
  await insertUser(db, {
    id: userId,
    workspaceId: DEFAULT_WORKSPACE,
    name: 'Bench viewer',
    email: `bench-viewer-${userId.slice(0, 8)}@hikeshi.local`,
    role: 'responder',
    slackUserId: null,
    locale: null,
    createdAt: now,
  });
  const token = generateToken();
  await insertToken(db, { id: randomUUID(), userId, name: 'bench', tokenHash: hashToken(token), prefix: token.slice(0, 8), createdAt: now });
  return { userId, token };
}

export async function countIncidents(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', DEFAULT_WORKSPACE)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds incidents until the workspace holds `total`; returns how many were added. Then ANALYZE. */
export async function seedIncidentsUpTo(db: Kysely<Database>, total: number, viewer: Viewer): Promise<number> {
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', DEFAULT_WORKSPACE)
    .where('email', '=', BOOTSTRAP_ADMIN_EMAIL)
    .executeTakeFirstOrThrow();
  const playbook = await db
    .selectFrom('playbook_versions')
    .select('id')
    .where('workspace_id', '=', DEFAULT_WORKSPACE)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  let missing = total - (await countIncidents(db));
  const added = Math.max(missing, 0);
  while (missing > 0) {
    const count = Math.min(missing, CHUNK);
    await db.transaction().execute(async (trx) => {
      const ws = await trx
        .selectFrom('workspaces')
        .select('next_incident_number')
        .where('id', '=', DEFAULT_WORKSPACE)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await insertChunk(trx, { base: ws.next_incident_number - 1, count, adminId: admin.id, viewerId: viewer.userId, playbookId: playbook.id });
      await trx
        .updateTable('workspaces')
        .set({ next_incident_number: ws.next_incident_number + count })
        .where('id', '=', DEFAULT_WORKSPACE)
        .execute();
    });
    missing -= count;
  }
  await sql`ANALYZE incidents`.execute(db);
  await sql`ANALYZE incident_members`.execute(db);
  await sql`ANALYZE role_assignments`.execute(db);
  return added;
}

interface Chunk {
  base: number;
  count: number;
  adminId: string;
  viewerId: string;
  playbookId: string;
}

async function insertChunk(trx: Kysely<Database>, c: Chunk): Promise<void> {
  // n = the incident number; the older the number, the older its timestamps (one per minute).
  await sql`
    WITH src AS (
      SELECT ${c.base}::int + g AS n, now() - ((${c.count}::int - g) * interval '1 minute') AS t
      FROM generate_series(1, ${c.count}::int) AS g
    ),
    shaped AS (
      SELECT n, t,
        CASE
          WHEN n % 100 < 2 THEN 'triage'
          WHEN n % 100 < 5 THEN 'responding'
          WHEN n % 100 < 7 THEN 'monitoring'
          WHEN n % 100 < 10 THEN 'resolved'
          WHEN n % 100 < 13 THEN 'postmortem'
          WHEN n % 100 < 15 THEN 'follow_up'
          WHEN n % 100 < 20 THEN 'canceled'
          ELSE 'closed'
        END AS status
      FROM src
    ),
    ins AS (
      INSERT INTO incidents (
        id, workspace_id, number, title, summary, impact, severity, status, platforms, is_private,
        playbook_version_id, created_by, detected_at, reported_at, declared_at, acknowledged_at,
        mitigated_at, resolved_at, closed_at, canceled_at, cancel_reason, status_changed_at, created_at, updated_at
      )
      SELECT
        gen_random_uuid(), ${DEFAULT_WORKSPACE}, n, 'Seeded incident ' || n || ': checkout errors on web',
        'Seeded for the list benchmark.', '', (ARRAY['SEV1', 'SEV2', 'SEV3'])[1 + n % 3], status,
        (ARRAY['["web"]', '["ios", "android"]', '["web", "ios"]'])[1 + n % 3]::jsonb, n % 10 = 7,
        ${c.playbookId}::uuid, ${c.adminId}::uuid, t - interval '5 minutes', t - interval '3 minutes', t,
        CASE WHEN status <> 'triage' THEN t + interval '2 minutes' END,
        CASE WHEN status NOT IN ('triage', 'responding', 'canceled') THEN t + interval '30 minutes' END,
        CASE WHEN status IN ('resolved', 'postmortem', 'follow_up', 'closed') THEN t + interval '45 minutes' END,
        CASE WHEN status = 'closed' THEN t + interval '3 days' END,
        CASE WHEN status = 'canceled' THEN t + interval '10 minutes' END,
        CASE WHEN status = 'canceled' THEN 'false alarm' END,
        t + interval '45 minutes', t, t + interval '45 minutes'
      FROM shaped
      RETURNING id, number, is_private, declared_at
    ),
    members AS (
      INSERT INTO incident_members (incident_id, user_id, added_at)
      SELECT id, ${c.adminId}::uuid, declared_at FROM ins
      UNION ALL
      SELECT id, ${c.viewerId}::uuid, declared_at FROM ins WHERE is_private AND number % 20 = 7
    )
    INSERT INTO role_assignments (id, incident_id, role, user_id, assigned_by, assigned_at)
    SELECT gen_random_uuid(), id, 'commander', CASE WHEN number % 2 = 0 THEN ${c.adminId}::uuid ELSE ${c.viewerId}::uuid END,
      ${c.adminId}::uuid, declared_at + interval '1 minute'
    FROM ins
  `.execute(trx);
}
