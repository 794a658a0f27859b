import { sql, type Kysely } from 'kysely';

/**
 * The core schema: workspaces, users and tokens, versioned playbooks, reports, incidents with
 * their roles, tasks, releases, decisions and append-only timeline, postmortems, prevention
 * actions, and the outbox. One statement per entry: PGlite's extended protocol takes one at a time.
 */
const statements = [
  `CREATE TABLE workspaces (
    id text PRIMARY KEY,
    name text NOT NULL,
    next_incident_number integer NOT NULL DEFAULT 1,
    next_report_number integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `INSERT INTO workspaces (id, name) VALUES ('default', 'hikeshi')`,
  `CREATE TABLE users (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    name text NOT NULL,
    email text NOT NULL,
    role text NOT NULL CHECK (role IN ('viewer', 'responder', 'admin')),
    slack_user_id text,
    locale text CHECK (locale IN ('ja', 'en')),
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, email)
  )`,
  `CREATE UNIQUE INDEX users_slack_user ON users (workspace_id, slack_user_id) WHERE slack_user_id IS NOT NULL`,
  `CREATE TABLE api_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `CREATE TABLE playbook_versions (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    version integer NOT NULL,
    hash text NOT NULL,
    content jsonb NOT NULL,
    source text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, version),
    UNIQUE (workspace_id, hash)
  )`,
  `CREATE TABLE incidents (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    -- Given last in the declaring transaction (see allocateIncidentNumber); never null once committed.
    number integer,
    title text NOT NULL,
    summary text NOT NULL DEFAULT '',
    impact text NOT NULL DEFAULT '',
    severity text,
    status text NOT NULL,
    platforms jsonb NOT NULL DEFAULT '[]',
    is_private boolean NOT NULL DEFAULT false,
    playbook_version_id uuid NOT NULL REFERENCES playbook_versions(id),
    created_by uuid REFERENCES users(id),
    triggered_by_user_id uuid REFERENCES users(id),
    cancel_reason text,
    detected_at timestamptz,
    reported_at timestamptz,
    declared_at timestamptz NOT NULL,
    acknowledged_at timestamptz,
    mitigated_at timestamptz,
    released_at timestamptz,
    resolved_at timestamptz,
    postmortem_published_at timestamptz,
    closed_at timestamptz,
    canceled_at timestamptz,
    impact_started_at timestamptz,
    monitoring_since timestamptz,
    last_signal_at timestamptz,
    status_changed_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    UNIQUE (workspace_id, number)
  )`,
  `CREATE INDEX incidents_status ON incidents (workspace_id, status, number DESC)`,
  `CREATE TABLE incident_members (
    incident_id uuid NOT NULL REFERENCES incidents(id),
    user_id uuid NOT NULL REFERENCES users(id),
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, user_id)
  )`,
  `CREATE INDEX incident_members_user ON incident_members (user_id)`,
  `CREATE TABLE role_assignments (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents(id),
    role text NOT NULL,
    user_id uuid NOT NULL REFERENCES users(id),
    assigned_by uuid REFERENCES users(id),
    assigned_at timestamptz NOT NULL,
    ended_at timestamptz
  )`,
  `CREATE UNIQUE INDEX role_assignments_current ON role_assignments (incident_id, role) WHERE ended_at IS NULL`,
  `CREATE INDEX role_assignments_user ON role_assignments (user_id, role, assigned_at DESC)`,
  `CREATE TABLE incident_tasks (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents(id),
    key text NOT NULL,
    role text NOT NULL,
    status_scope text NOT NULL,
    title jsonb NOT NULL,
    blocks text,
    created_at timestamptz NOT NULL,
    done_at timestamptz,
    done_by uuid REFERENCES users(id),
    dropped_at timestamptz,
    UNIQUE (incident_id, key)
  )`,
  `CREATE TABLE releases (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents(id),
    platform text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('fix', 'rollback')),
    note text NOT NULL DEFAULT '',
    app_version text,
    recorded_by uuid REFERENCES users(id),
    recorded_at timestamptz NOT NULL,
    store_submitted_at timestamptz,
    store_approved_at timestamptz,
    forced_update_at timestamptz
  )`,
  `CREATE INDEX releases_incident ON releases (incident_id, recorded_at)`,
  `CREATE TABLE decisions (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents(id),
    kind text NOT NULL CHECK (kind IN ('options', 'decision')),
    author_id uuid REFERENCES users(id),
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL
  )`,
  `CREATE INDEX decisions_incident ON decisions (incident_id, created_at)`,
  `CREATE TABLE timeline_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id uuid NOT NULL UNIQUE,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    incident_id uuid REFERENCES incidents(id),
    report_id uuid,
    type text NOT NULL,
    actor_id uuid REFERENCES users(id),
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    data jsonb NOT NULL DEFAULT '{}'
  )`,
  `CREATE INDEX timeline_incident ON timeline_events (incident_id, seq)`,
  `CREATE INDEX timeline_report ON timeline_events (report_id, seq) WHERE report_id IS NOT NULL`,
  `CREATE FUNCTION timeline_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'timeline_events is append-only' USING ERRCODE = 'restrict_violation';
   END $$`,
  `CREATE TRIGGER timeline_append_only BEFORE UPDATE OR DELETE ON timeline_events
   FOR EACH ROW EXECUTE FUNCTION timeline_is_append_only()`,
  // Live updates: every appended event is announced on commit (NOTIFY is transactional), without
  // a round trip of its own.
  `CREATE FUNCTION timeline_announce() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('hikeshi_events', json_build_object(
       'type', NEW.type, 'incidentId', NEW.incident_id, 'reportId', NEW.report_id, 'eventId', NEW.id)::text);
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER timeline_announce AFTER INSERT ON timeline_events
   FOR EACH ROW EXECUTE FUNCTION timeline_announce()`,
  `CREATE TABLE reports (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    number integer NOT NULL,
    source text NOT NULL CHECK (source IN ('monitoring', 'inquiry', 'internal')),
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    status text NOT NULL,
    is_private boolean NOT NULL DEFAULT false,
    assignee_id uuid REFERENCES users(id),
    created_by uuid REFERENCES users(id),
    answers jsonb NOT NULL DEFAULT '{}',
    incident_id uuid REFERENCES incidents(id),
    dismiss_reason text,
    detected_at timestamptz,
    reported_at timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, number)
  )`,
  `CREATE INDEX reports_list ON reports (workspace_id, reported_at DESC, id DESC)`,
  `CREATE INDEX reports_status ON reports (workspace_id, status, reported_at DESC, id DESC)`,
  `CREATE TABLE improvement_tickets (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    report_id uuid NOT NULL UNIQUE REFERENCES reports(id),
    title text NOT NULL,
    reason text NOT NULL,
    created_by uuid REFERENCES users(id),
    created_at timestamptz NOT NULL
  )`,
  `CREATE TABLE postmortems (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL UNIQUE REFERENCES incidents(id),
    status text NOT NULL CHECK (status IN ('draft', 'published')),
    form text NOT NULL CHECK (form IN ('full', 'short')),
    created_at timestamptz NOT NULL,
    published_at timestamptz,
    published_by uuid REFERENCES users(id)
  )`,
  `CREATE TABLE postmortem_sections (
    postmortem_id uuid NOT NULL REFERENCES postmortems(id),
    key text NOT NULL,
    position integer NOT NULL,
    title jsonb NOT NULL,
    prompt jsonb NOT NULL,
    is_required boolean NOT NULL,
    body text NOT NULL DEFAULT '',
    revision integer NOT NULL DEFAULT 0,
    updated_at timestamptz,
    updated_by uuid REFERENCES users(id),
    PRIMARY KEY (postmortem_id, key)
  )`,
  `CREATE TABLE actions (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    incident_id uuid NOT NULL REFERENCES incidents(id),
    title text NOT NULL,
    owner_id uuid NOT NULL REFERENCES users(id),
    due_date date NOT NULL,
    priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    status text NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'deferred')),
    evidence text,
    reason text,
    created_by uuid REFERENCES users(id),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    done_at timestamptz
  )`,
  `CREATE INDEX actions_incident ON actions (incident_id)`,
  `CREATE INDEX actions_board ON actions (workspace_id, status, due_date, id)`,
  `CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    topic text NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    incident_id uuid,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    available_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    delivered_at timestamptz,
    last_error text,
    result jsonb
  )`,
  `CREATE INDEX outbox_pending ON outbox (available_at, created_at) WHERE status = 'pending'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'outbox',
    'actions',
    'postmortem_sections',
    'postmortems',
    'improvement_tickets',
    'reports',
    'timeline_events',
    'decisions',
    'releases',
    'incident_tasks',
    'role_assignments',
    'incident_members',
    'incidents',
    'playbook_versions',
    'api_tokens',
    'users',
    'workspaces',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS timeline_is_append_only()').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS timeline_announce()').execute(db);
}
