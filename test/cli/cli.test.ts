import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { bootHikeshi, type Hikeshi } from '../../src/boot.ts';
import { loadConfig } from '../../src/config/env.ts';
import { defaultPlaybookPath } from '../../src/config/load-playbook.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { cleanEnv, runCli, startCli, unusedPort, waitFor, type CliResult } from './run-cli.ts';

/**
 * The CLI as users run it: `node bin/hikeshi.js …` in a child process. Server-side commands run on
 * a fresh PGlite data dir (one initdb for the file); client commands talk to a server booted in
 * this process on a copy of the run's migrated template.
 */

const root = path.join(inject('testRoot'), `cli-${randomBytes(4).toString('hex')}`);

beforeAll(async () => {
  await fs.mkdir(root, { recursive: true });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) {
    throw new Error(
      `expected exit ${code}, got ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

describe('usage', { timeout: 60_000 }, () => {
  it('--help exits 0 and lists the commands and exit codes; an unknown command exits 2', async () => {
    const [result, unknown] = await Promise.all([runCli(['--help']), runCli(['frobnicate'])]);
    expectExit(result, 0);
    for (const command of ['serve', 'migrate', 'tokens', 'declare', 'list', 'show', 'status']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('6  server unreachable');

    expectExit(unknown, 2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('an unknown option, a missing option and a bad value exit 2 before any request', async () => {
    // No server and no token: validation must come first, or these would exit 5 or 6.
    const env = { HIKESHI_URL: `http://127.0.0.1:${await unusedPort()}` };
    const [unknown, missing, badStatus] = await Promise.all([
      runCli(['list', '--bogus'], env),
      runCli(['declare', '--severity', 'SEV1'], env),
      runCli(['status', '12', 'done'], env),
    ]);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expectExit(missing, 2);
    expect(missing.stderr).toContain("required option '--title <title>' not specified");
    expectExit(badStatus, 2);
    expect(badStatus.stderr).toContain('Expected one of: triage, responding, monitoring');
  });

  it('an invalid environment exits 2 naming every bad variable', async () => {
    const result = await runCli(['migrate'], {
      PORT: 'abc',
      HIKESHI_PUBLIC_URL: 'not a url',
      HIKESHI_DATA_DIR: path.join(root, 'never'),
    });
    expectExit(result, 2);
    expect(result.stderr).toContain('invalid configuration');
    expect(result.stderr).toMatch(/^ {2}- PORT: /m);
    expect(result.stderr).toMatch(/^ {2}- HIKESHI_PUBLIC_URL: /m);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('no token exits 5; an unreachable server exits 6', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const [noToken, unreachable] = await Promise.all([
      runCli(['list'], { HIKESHI_URL: url }),
      runCli(['list', '--token', 'hks_x'], { HIKESHI_URL: url }),
    ]);
    expectExit(noToken, 5);
    expect(noToken.stderr).toContain('no API token');
    expectExit(unreachable, 6);
    expect(unreachable.stderr).toContain(`cannot reach the hikeshi server at ${url}`);
  });
});

describe('server side: migrate, tokens, serve', { timeout: 90_000 }, () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = path.join(root, 'server-data');
  });

  it(
    'migrate applies the migrations on a fresh data dir, then reports up to date',
    { timeout: 180_000 },
    async () => {
      const first = await runCli(['migrate'], { HIKESHI_DATA_DIR: dataDir });
      expectExit(first, 0);
      const names = Object.keys(migrations);
      expect(first.stdout).toContain(`Applied ${names.length} migrations`);
      for (const name of names) expect(first.stdout).toMatch(new RegExp(`^ {2}${name}$`, 'm'));
      expect(first.stdout).toMatch(/Playbook .*default-playbook\.yaml in force as version 1\./);

      const second = await runCli(['migrate'], { HIKESHI_DATA_DIR: dataDir });
      expectExit(second, 0);
      expect(second.stdout).toContain('Database is up to date');
    },
  );

  /** The default playbook with SEV1's status-update cadence made a word; returns the file and the line. */
  async function brokenPlaybook(name: string): Promise<{ file: string; line: number }> {
    const source = await fs.readFile(defaultPlaybookPath, 'utf8');
    const lines = source.split('\n');
    const index = lines.findIndex((line) => line.trim() === 'statusUpdateEveryMinutes: 30');
    expect(index).toBeGreaterThan(0);
    lines[index] = lines[index]!.replace('30', 'soon');
    const file = path.join(root, name);
    await fs.writeFile(file, lines.join('\n'));
    return { file, line: index + 1 };
  }

  it('migrate reports a broken playbook file with file, line and field, and exits 2', async () => {
    const { file, line } = await brokenPlaybook('broken.yaml');
    const result = await runCli(['migrate'], { HIKESHI_DATA_DIR: dataDir, HIKESHI_PLAYBOOK: file });
    expectExit(result, 2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      'error: the playbook file is invalid (1 problem):',
      `  ${file}:${line}:31 severities[0].statusUpdateEveryMinutes — must be a whole number, not a text`,
    ]);
  });

  it('with LANG=ja_JP.UTF-8 the same problem and its header are in Japanese', async () => {
    const { file, line } = await brokenPlaybook('broken-ja.yaml');
    const result = await runCli(['migrate'], {
      HIKESHI_DATA_DIR: dataDir,
      HIKESHI_PLAYBOOK: file,
      LANG: 'ja_JP.UTF-8',
    });
    expectExit(result, 2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      'error: プレイブックファイルが正しくありません（問題 1 件）:',
      `  ${file}:${line}:31 severities[0].statusUpdateEveryMinutes — 整数である必要があります（文字列になっています）`,
    ]);
  });

  it(
    'tokens create prints a token that authenticates; serve runs and stops on SIGTERM',
    { timeout: 120_000 },
    async () => {
      const env = { HIKESHI_DATA_DIR: dataDir };
      const created = await runCli(['tokens', 'create', '--role', 'admin'], env);
      expectExit(created, 0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^hks_[A-Za-z0-9_-]{43}$/);
      expect(created.stdout).toBe(`${token}\n`);

      // One at a time: a PGlite data dir takes one process.
      const asJson = await runCli(
        [
          'tokens',
          'create',
          '--role',
          'responder',
          '--email',
          'ci@example.com',
          '--token-name',
          'ci',
          '--json',
        ],
        env,
      );
      const wrongRole = await runCli(
        ['tokens', 'create', '--role', 'viewer', '--email', 'cli-admin@hikeshi.local'],
        env,
      );
      expectExit(asJson, 0);
      const json = JSON.parse(asJson.stdout) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual(['role', 'token', 'tokenId', 'userId']);
      expect(json['role']).toBe('responder');
      expectExit(wrongRole, 2);
      expect(wrongRole.stderr).toContain('exists with the role admin, not viewer');

      const server = startCli(['serve', '--port', '0'], cleanEnv(env));
      const exited = waitFor(server);
      try {
        const url = await listeningUrl(server);
        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        const me = await fetch(`${url}/api/v1/me`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { email: string }).email).toBe('cli-admin@hikeshi.local');

        const locked = await runCli(['tokens', 'create', '--role', 'admin'], env);
        expectExit(locked, 2);
        expect(locked.stderr).toContain('is in use by process');
        expect(locked.stderr).toContain(
          'stop the server or create tokens through the API: POST /api/v1/tokens',
        );
      } finally {
        server.kill('SIGTERM');
      }
      const result = await exited;
      expectExit(result, 0);
      expect(result.stdout).toContain('"msg":"stopped"');
    },
  );
});

/** Reads the child's log until the start-up line; returns its URL. */
function listeningUrl(child: ReturnType<typeof startCli>): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        if (!line.includes('hikeshi listening on')) continue;
        const entry = JSON.parse(line) as {
          url: string;
          startupMs: number;
          config: Record<string, unknown>;
        };
        expect(entry.startupMs).toBeGreaterThan(0);
        expect(entry.config['database']).toMatch(/^pglite @ /);
        expect(entry.config['bootstrapAdminToken']).toBe('unset');
        child.stdout?.off('data', onData);
        resolve(entry.url);
        return;
      }
    };
    child.stdout?.on('data', onData);
    child.once('close', (code) =>
      reject(new Error(`serve exited (${code}) before listening:\n${buffer}`)),
    );
  });
}

describe('client commands against a running server', { timeout: 90_000 }, () => {
  const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;
  let hikeshi: Hikeshi;
  let env: { HIKESHI_URL: string; HIKESHI_TOKEN: string };

  beforeAll(async () => {
    const dataDir = path.join(root, 'client-data');
    await copyDir(inject('pgliteTemplateDir'), dataDir);
    const config = loadConfig({
      HIKESHI_DATA_DIR: dataDir,
      HIKESHI_BOOTSTRAP_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'silent',
    });
    hikeshi = await bootHikeshi(config);
    const url = await hikeshi.server.listen({ port: 0, host: '127.0.0.1' });
    env = { HIKESHI_URL: url, HIKESHI_TOKEN: adminToken };
  });

  afterAll(async () => {
    await hikeshi?.close();
  });

  it('declare, list and show, as text and as JSON', async () => {
    const declared = await runCli(
      [
        'declare',
        '--title',
        'Checkout fails on iOS',
        '--severity',
        'SEV2',
        '--platform',
        'ios',
        '--summary',
        '500s on /checkout',
      ],
      env,
    );
    expectExit(declared, 0);
    const [headline, link] = declared.stdout.trim().split('\n');
    const number = Number(/^#(\d+) /.exec(headline ?? '')?.[1]);
    expect(headline).toBe(`#${number} responding SEV2 Checkout fails on iOS`);
    expect(link).toMatch(new RegExp(`/incidents/${number}$`));

    const asJson = await runCli(
      ['declare', '--title', 'Login slow', '--platforms', 'web,android', '--json'],
      env,
    );
    expectExit(asJson, 0);
    const triage = JSON.parse(asJson.stdout) as {
      number: number;
      status: string;
      severity: string | null;
      platforms: string[];
    };
    expect(triage).toMatchObject({
      number: number + 1,
      status: 'triage',
      severity: null,
      platforms: ['web', 'android'],
    });

    const [list, listJson, show, showJson] = await Promise.all([
      runCli(['list', '--status', 'active'], env),
      runCli(['list', '--severity', 'SEV2', '--limit', '1', '--all', '--json'], env),
      runCli(['show', `#${number}`], env),
      runCli(['show', String(number), '--json'], env),
    ]);
    expectExit(list, 0);
    const rows = list.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NUMBER +SEVERITY +STATUS +COMMANDER +AGE +TITLE$/);
    expect(rows[1]).toMatch(new RegExp(`^#${number + 1} +- +triage +- +\\d+[smhd] +Login slow$`));
    expect(rows[2]).toMatch(
      new RegExp(`^#${number} +SEV2 +responding +- +\\d+[smhd] +Checkout fails on iOS$`),
    );

    expectExit(listJson, 0);
    const all = JSON.parse(listJson.stdout) as {
      items: { number: number }[];
      nextCursor: string | null;
    };
    expect(all.items.map((i) => i.number)).toEqual([number]);
    expect(all.nextCursor).toBeNull();

    expectExit(show, 0);
    expect(show.stdout).toContain(`#${number} Checkout fails on iOS\n`);
    expect(show.stdout).toContain('status     responding (next: monitoring)');
    expect(show.stdout).toMatch(/Incident commander \(commander\): \(unassigned\)/);
    expect(show.stdout).toContain('Blocking monitoring\n  - Record a release or a rollback first.');

    expectExit(showJson, 0);
    const both = JSON.parse(showJson.stdout) as {
      incident: { number: number };
      now: { status: string; next: string };
    };
    expect(both.incident.number).toBe(number);
    expect(both.now).toMatchObject({ status: 'responding', next: 'monitoring' });
  });

  it('status: a blocked change exits 4 with the blockers; an allowed one prints the new state', async () => {
    // Set up over HTTP directly: only the status command is under test here.
    const declared = await fetch(`${env.HIKESHI_URL}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Search returns nothing' }),
    });
    expect(declared.status).toBe(201);
    const { number } = (await declared.json()) as { number: number };

    const [blocked, blockedJa] = await Promise.all([
      runCli(['status', String(number), 'responding'], env),
      runCli(['status', String(number), 'responding', '--lang', 'ja'], env),
    ]);
    expectExit(blocked, 4);
    expect(blocked.stderr).toContain('(transition_blocked, HTTP 409)');
    expect(blocked.stderr).toMatch(/^ {2}- .*severity/im);
    expectExit(blockedJa, 4);
    expect(blockedJa.stderr).toContain('重大度');

    const canceled = await runCli(
      ['status', String(number), 'canceled', '--note', 'False alarm'],
      env,
    );
    expectExit(canceled, 0);
    expect(canceled.stdout).toBe(`#${number} canceled - Search returns nothing\n`);
  });

  it('not found exits 3; a bad token exits 5', async () => {
    const [missing, badToken] = await Promise.all([
      runCli(['show', '999999'], env),
      runCli(['list'], { ...env, HIKESHI_TOKEN: 'hks_not-a-token' }),
    ]);
    expectExit(missing, 3);
    expect(missing.stderr).toContain('(incident_not_found, HTTP 404)');
    expectExit(badToken, 5);
    expect(badToken.stderr).toContain('(unauthenticated, HTTP 401)');
  });
});

/** Copies a directory tree (the migrated template data dir). */
async function copyDir(from: string, to: string): Promise<void> {
  await fs.cp(from, to, { recursive: true });
}
