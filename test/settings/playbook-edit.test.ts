import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { allRoutes } from '../../src/adapters/http/routes.ts';
import { buildServer } from '../../src/adapters/http/server.ts';
import { createPlaybookRegistry } from '../../src/app/playbook-registry.ts';
import { choosePlaybookAtStartup } from '../../src/app/playbook/playbook-at-startup.ts';
import { loadConfig } from '../../src/config/env.ts';
import { parsePlaybook } from '../../src/config/load-playbook.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import { loadAppDeps } from '../../src/setup.ts';
import { loadDefaultPlaybook, startTestServer, type TestServer, type TestUser } from '../support/test-server.ts';
import { openTestStore, testDatabaseKinds } from '../support/test-store.ts';

/** The default playbook with SEV2's status-update cadence changed (the line `statusUpdateEveryMinutes: 60` of SEV2). */
function withSev2Cadence(source: string, value: string): string {
  const sev2 = source.indexOf('- id: SEV2');
  const at = source.indexOf('statusUpdateEveryMinutes: 60', sev2);
  return `${source.slice(0, at)}statusUpdateEveryMinutes: ${value}${source.slice(at + 'statusUpdateEveryMinutes: 60'.length)}`;
}

/** 1-based line of the first occurrence of `needle` after `after`. */
function lineOf(source: string, needle: string, after = ''): number {
  const at = source.indexOf(needle, after === '' ? 0 : source.indexOf(after));
  return source.slice(0, at).split('\n').length;
}

interface Problem {
  line: number;
  column: number;
  path: string;
  message: string;
}

describe.each(testDatabaseKinds())('playbook editing API (%s)', (kind) => {
  let server: TestServer;
  let responder: TestUser;
  let viewer: TestUser;
  let source: string;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    responder = await server.createUser('responder');
    viewer = await server.createUser('viewer');
    source = (await loadDefaultPlaybook()).source;
    dir = await mkdtemp(join(tmpdir(), 'hikeshi-playbook-'));
    file = join(dir, 'hikeshi.yaml');
    await writeFile(file, source);
    server.deps.config.playbookFile = file;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const call = async <T>(token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) => {
    const response = await server.app.inject({ method, url, headers: { ...server.auth(token), ...headers }, ...(payload && { payload }) });
    return { status: response.statusCode, body: response.json<T>() };
  };

  it('validates the file in force: 200 with its preview and no change', async () => {
    const { status, body } = await call<{ valid: boolean; baseVersion: number; preview: { severities: { id: string; statusUpdateEveryMinutes: number; convergenceWatchMinutes: number; postmortemRequired: boolean }[]; platforms: { id: string; canRollback: boolean }[]; tasks: { severity: string; role: string; tasks: { key: string }[] }[] }; diff: { same: boolean } }>(
      server.adminToken,
      'POST',
      '/api/v1/playbook/validate',
      { yaml: source },
    );
    expect(status).toBe(200);
    expect(body.valid).toBe(true);
    expect(body.baseVersion).toBe(1);
    expect(body.diff.same).toBe(true);
    expect(body.preview.severities.map((s) => [s.id, s.statusUpdateEveryMinutes, s.convergenceWatchMinutes, s.postmortemRequired])).toEqual([
      ['SEV1', 30, 60, true],
      ['SEV2', 60, 60, true],
      ['SEV3', 240, 30, true],
    ]);
    expect(body.preview.platforms.map((p) => [p.id, p.canRollback])).toEqual([
      ['web', true],
      ['ios', false],
      ['android', false],
    ]);
    expect(body.preview.tasks.map((t) => `${t.severity}/${t.role}`)).toEqual([
      'SEV1/commander',
      'SEV1/investigator',
      'SEV2/commander',
      'SEV2/investigator',
      'SEV3/commander',
      'SEV3/investigator',
    ]);
  });

  it('previews an edit with what it changes against the version in force', async () => {
    const { status, body } = await call<{ diff: unknown; preview: { severities: { id: string; statusUpdateEveryMinutes: number }[] } }>(server.adminToken, 'POST', '/api/v1/playbook/validate', {
      yaml: withSev2Cadence(source, '45'),
    });
    expect(status).toBe(200);
    expect(body.preview.severities[1]).toMatchObject({ id: 'SEV2', statusUpdateEveryMinutes: 45 });
    expect(body.diff).toEqual({
      same: false,
      severities: { added: [], removed: [], changed: ['SEV2'] },
      roles: { added: [], removed: [], changed: [] },
      tasks: { added: [], removed: [], changed: [] },
      platforms: { added: [], removed: [], changed: [] },
      otherBlocks: [],
    });
  });

  it('answers 422 with the line of a YAML syntax error', async () => {
    const broken = source.replace('schemaVersion: 1', 'schemaVersion: 1\nschemaVersion: 2');
    const { status, body } = await call<{ valid: boolean; errors: Problem[]; error: { code: string } }>(server.adminToken, 'POST', '/api/v1/playbook/validate', { yaml: broken });
    expect(status).toBe(422);
    expect(body.valid).toBe(false);
    expect(body.error.code).toBe('playbook_invalid');
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors[0]?.path).toBe('');
    expect(body.errors[0]).toMatchObject({ line: lineOf(broken, 'schemaVersion: 2'), column: 1, path: '' });
  });

  it('answers 422 naming the field and line of a schema error, in the caller’s language', async () => {
    const bad = withSev2Cadence(source, 'soon');
    const { status, body } = await call<{ errors: Problem[]; error: { message: string } }>(server.adminToken, 'POST', '/api/v1/playbook/validate', { yaml: bad }, { 'accept-language': 'ja' });
    expect(status).toBe(422);
    const where = { line: lineOf(bad, 'statusUpdateEveryMinutes: soon'), column: 31, path: 'severities[1].statusUpdateEveryMinutes' };
    expect(body.errors).toEqual([{ ...where, message: '整数である必要があります（文字列になっています）' }]);
    expect(body.error.message).toBe('プレイブックに 1 件の問題があります。保存していません。');
    const english = await call<{ errors: Problem[]; error: { message: string } }>(server.adminToken, 'POST', '/api/v1/playbook/validate', { yaml: bad }, { 'accept-language': 'en' });
    expect(english.body.errors).toEqual([{ ...where, message: 'must be a whole number, not a text' }]);
    expect(english.body.error.message).toBe('The playbook has 1 problem; nothing was saved.');
  });

  it('words every kind of problem in the caller’s language; lines and fields stay the same', async () => {
    const ja = { 'accept-language': 'ja' };
    const validate = async (yaml: string, headers: Record<string, string>) =>
      (await call<{ errors: Problem[] }>(server.adminToken, 'POST', '/api/v1/playbook/validate', { yaml }, headers)).body.errors;

    const broken = source.replace('schemaVersion: 1', 'schemaVersion: 1\nschemaVersion: 2');
    expect((await validate(broken, ja)).map((e) => e.message)).toEqual(['同じキーが重複しています（Map keys must be unique）']);
    expect((await validate(broken, {})).map((e) => e.message)).toEqual(['Map keys must be unique']);

    const schemaErrors = source.replace('    canRollback: true\n', '').replace('  - id: SEV3\n', '  - id: SEV3\n    colour: red\n');
    const [jaSchema, enSchema] = [await validate(schemaErrors, ja), await validate(schemaErrors, { 'accept-language': 'en-US' })];
    expect(jaSchema.map(({ path, message }) => [path, message])).toEqual([
      ['severities[2].colour', '未知の項目です'],
      ['platforms[0].canRollback', '必須です'],
    ]);
    expect(enSchema.map(({ path, message }) => [path, message])).toEqual([
      ['severities[2].colour', 'is not a known field'],
      ['platforms[0].canRollback', 'is required'],
    ]);
    expect(jaSchema.map(({ message: _, ...where }) => where)).toEqual(enSchema.map(({ message: _, ...where }) => where));

    const unknownRole = source.replace('    role: investigator\n', '    role: scribe\n');
    expect((await validate(unknownRole, ja)).map((e) => e.message)).toEqual(['未定義の役割「scribe」です（定義済み: commander, investigator）']);
    expect((await validate(unknownRole, {})).map((e) => e.message)).toEqual(['unknown role "scribe" (defined: commander, investigator)']);
  });

  it('refuses a text over the size limit with 400', async () => {
    const { status } = await call(server.adminToken, 'POST', '/api/v1/playbook/validate', { yaml: `${source}\n#${'x'.repeat(256 * 1024)}` });
    expect(status).toBe(400);
  });

  it('refuses responders and viewers with 403 on every editing and status route', async () => {
    for (const user of [responder, viewer]) {
      const answers = await Promise.all([
        call(user.token, 'POST', '/api/v1/playbook/validate', { yaml: source }),
        call(user.token, 'PUT', '/api/v1/playbook', { yaml: source, baseVersion: 1 }),
        call(user.token, 'GET', '/api/v1/playbook/versions'),
        call(user.token, 'GET', '/api/v1/playbook/source'),
        call(user.token, 'GET', '/api/v1/status/slack'),
        call(user.token, 'GET', '/api/v1/status/webhooks'),
      ]);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403]);
    }
    expect((await call(viewer.token, 'GET', '/api/v1/playbook')).status).toBe(200);
  });

  it('gives the editor the YAML in force with its comments', async () => {
    const { status, body } = await call<{ version: number; yaml: string }>(server.adminToken, 'GET', '/api/v1/playbook/source');
    expect(status).toBe(200);
    expect(body).toEqual({ id: server.playbooks.current().id, version: 1, yaml: source });
  });

  it('saves an edit: new incidents run under the new version, older ones keep theirs, the file is rewritten', async () => {
    const before = await call<{ id: string; playbookVersionId: string }>(responder.token, 'POST', '/api/v1/incidents', { title: 'Before the edit', severity: 'SEV2' });
    expect(before.status).toBe(201);
    const oldVersionId = server.playbooks.current().id;
    expect(before.body.playbookVersionId).toBe(oldVersionId);

    const edited = `${withSev2Cadence(source, '45')}# edited from the web\n`;
    const saved = await call<{ id: string; version: number; isChanged: boolean; file: unknown }>(server.adminToken, 'PUT', '/api/v1/playbook', { yaml: edited, baseVersion: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ id: saved.body.id, version: 2, isChanged: true, file: { path: file, isWritten: true, error: null } });
    expect(await readFile(file, 'utf8')).toBe(edited);

    const inForce = await call<{ version: number; playbook: { severities: { statusUpdateEveryMinutes: number }[] } }>(viewer.token, 'GET', '/api/v1/playbook');
    expect(inForce.body.version).toBe(2);
    expect(inForce.body.playbook.severities[1]?.statusUpdateEveryMinutes).toBe(45);
    expect((await call<{ yaml: string }>(server.adminToken, 'GET', '/api/v1/playbook/source')).body.yaml).toBe(edited);

    const after = await call<{ playbookVersionId: string }>(responder.token, 'POST', '/api/v1/incidents', { title: 'After the edit', severity: 'SEV2' });
    expect(after.body.playbookVersionId).toBe(saved.body.id);
    const old = await call<{ playbookVersionId: string }>(responder.token, 'GET', `/api/v1/incidents/${before.body.id}`);
    expect(old.body.playbookVersionId).toBe(oldVersionId);

    const versions = await call<{ items: { version: number; origin: string; by: { id: string } | null; changedAt: string; isInForce: boolean }[] }>(server.adminToken, 'GET', '/api/v1/playbook/versions');
    expect(versions.body.items).toEqual([
      { version: 2, versionId: saved.body.id, origin: 'web', by: { id: server.adminUserId, name: expect.any(String) as string }, changedAt: server.clock.now().toISOString(), isInForce: true },
    ]);
  });

  it('refuses a save from a stale base version with 409 naming the version in force, and saves nothing', async () => {
    const { status, body } = await call<{ error: { code: string; details: unknown } }>(server.adminToken, 'PUT', '/api/v1/playbook', { yaml: withSev2Cadence(source, '50'), baseVersion: 1 });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'conflict', details: { currentVersion: 2, baseVersion: 1 } });
    expect(server.playbooks.current().version).toBe(2);
    expect((await call<{ items: unknown[] }>(server.adminToken, 'GET', '/api/v1/playbook/versions')).body.items).toHaveLength(1);
  });

  it('refuses an invalid save with 422 and keeps the version in force', async () => {
    const { status, body } = await call<{ errors: Problem[] }>(server.adminToken, 'PUT', '/api/v1/playbook', { yaml: withSev2Cadence(source, '0'), baseVersion: 2 }, { 'accept-language': 'ja' });
    expect(status).toBe(422);
    expect(body.errors.map((e) => [e.path, e.message])).toEqual([['severities[1].statusUpdateEveryMinutes', '1 以上である必要があります']]);
    expect(server.playbooks.current().version).toBe(2);
  });

  it('going back to earlier content reuses its version; the same text again changes nothing', async () => {
    const back = await call<{ version: number; isChanged: boolean }>(server.adminToken, 'PUT', '/api/v1/playbook', { yaml: source, baseVersion: 2 });
    expect(back.body).toMatchObject({ version: 1, isChanged: true });
    const again = await call<{ version: number; isChanged: boolean }>(server.adminToken, 'PUT', '/api/v1/playbook', { yaml: source, baseVersion: 1 });
    expect(again.body).toMatchObject({ version: 1, isChanged: false, file: { isWritten: false } });
    const versions = await call<{ items: { version: number }[] }>(server.adminToken, 'GET', '/api/v1/playbook/versions');
    expect(versions.body.items.map((v) => v.version)).toEqual([1, 2]);
  });
});

describe.each(testDatabaseKinds())('the playbook at start-up (%s)', (kind) => {
  it('puts the file in force, keeps a web edit over a stale copy of an earlier version, and lets a hand edit win', async () => {
    const store = await openTestStore(kind);
    const dir = await mkdtemp(join(tmpdir(), 'hikeshi-startup-'));
    try {
      const file = join(dir, 'hikeshi.yaml');
      const original = (await loadDefaultPlaybook()).source;
      await writeFile(file, original);
      const config = loadConfig({ HIKESHI_PLAYBOOK: file });
      const first = await loadAppDeps(store, config, { cwd: dir });
      expect(first.playbooks.current().version).toBe(1);
      expect(first.playbookNotice).toBeUndefined();

      // A web edit (version 2) that could not reach the file: the file still holds version 1.
      const edited = withSev2Cadence(original, '45');
      const at = new Date('2025-04-01T01:00:00Z');
      const ref = await ensurePlaybookVersion(store.db, 'default', parsePlaybook(edited, 'x'));
      await store.db.insertInto('playbook_changes').values({ workspace_id: 'default', version_id: ref.id, origin: 'web', changed_by: null, changed_at: at, source: edited }).execute();
      const second = await loadAppDeps(store, config, { cwd: dir });
      expect(second.playbooks.current().version).toBe(2);
      expect(second.playbookNotice).toBe(`${file} holds an earlier playbook; version 2, saved from the web, stays in force and was written to ${file}`);
      expect(await readFile(file, 'utf8')).toBe(edited);

      // A hand edit (content never stored) wins at start-up.
      const byHand = withSev2Cadence(original, '20');
      await writeFile(file, byHand);
      const third = await loadAppDeps(store, config, { cwd: dir });
      expect(third.playbooks.current().version).toBe(3);
      const latest = await store.db.selectFrom('playbook_changes').select(['origin']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(latest.origin).toBe('file');
    } finally {
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the built-in default but writes web edits to ./hikeshi.yaml', async () => {
    const store = await openTestStore(kind);
    const dir = await mkdtemp(join(tmpdir(), 'hikeshi-cwd-'));
    try {
      const deps = await loadAppDeps(store, loadConfig({}), { cwd: dir });
      expect(deps.playbookWritePath).toBe(join(dir, 'hikeshi.yaml'));
      const again = await choosePlaybookAtStartup(store.db, 'default', await loadDefaultPlaybook(), new Date());
      expect(again).toMatchObject({ version: 1, isFileStale: false });
      expect(await store.db.selectFrom('playbook_changes').select('seq').execute()).toHaveLength(1);
    } finally {
      await store.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('playbook edits across processes on one PostgreSQL', () => {
  let first: TestServer;
  let secondStore: Store;
  let second: FastifyInstance;

  beforeAll(async () => {
    first = await startTestServer('postgres');
    secondStore = await openStore({ databaseUrl: first.store.databaseUrl ?? '', dataDir: '' });
    const loaded = await loadDefaultPlaybook();
    const ref = await ensurePlaybookVersion(secondStore.db, 'default', loaded);
    const playbooks = createPlaybookRegistry({ id: ref.id, version: ref.version, playbook: loaded.playbook });
    second = await buildServer({ app: { db: secondStore.db, clock: first.clock, newId: randomUUID, playbooks, workspaceId: 'default' }, store: secondStore, config: { publicUrl: 'http://second.test' } }, allRoutes, { logLevel: 'silent' });
  });
  afterAll(async () => {
    await second.close();
    await secondStore.close();
    await first.close();
  });

  it('a second process puts a version saved in the first in force without a restart', async () => {
    const source = (await loadDefaultPlaybook()).source;
    const saved = await first.app.inject({ method: 'PUT', url: '/api/v1/playbook', headers: first.auth(first.adminToken), payload: { yaml: withSev2Cadence(source, '45'), baseVersion: 1 } });
    expect(saved.statusCode).toBe(200);
    const savedId = saved.json<{ id: string }>().id;
    await vi.waitFor(
      async () => {
        const seen = await second.inject({ method: 'GET', url: '/api/v1/playbook', headers: first.auth(first.adminToken) });
        expect(seen.json<{ id: string; version: number }>()).toMatchObject({ id: savedId, version: 2 });
      },
      { timeout: 5_000, interval: 20 },
    );
    const declared = await second.inject({ method: 'POST', url: '/api/v1/incidents', headers: first.auth(first.adminToken), payload: { title: 'On the second process', severity: 'SEV2' } });
    expect(declared.json<{ playbookVersionId: string }>().playbookVersionId).toBe(savedId);
  });
});
