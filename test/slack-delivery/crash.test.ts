import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, startCli, unusedPort } from '../cli/run-cli.ts';
import { startSlackEmulator, type SlackEmulator } from '../slack-emulator/index.ts';

/**
 * A real `hikeshi serve` (the built bundle, Bolt/web-api inside) killed with SIGKILL after the
 * incident is stored and while conversations.create is in flight (Slack creates the channel, the
 * answer is lost with the process). After a restart there is exactly one channel and one card.
 */

const ADMIN_TOKEN = 'crash-test-admin-token-0123456789';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a crash between storing the incident and recording its channel', () => {
  let slack: SlackEmulator;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let port: number;
  let stderr = '';

  const serve = async (): Promise<ChildProcess> => {
    const started = startCli(
      ['serve'],
      cleanEnv({
        HIKESHI_DATA_DIR: dataDir,
        PORT: String(port),
        HIKESHI_BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_API_URL: slack.url,
        HIKESHI_WORKER_LEASE_MS: '1500',
        HIKESHI_PUBLIC_URL: 'http://hikeshi.test',
        LOG_LEVEL: 'warn',
      }),
    );
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    started.stdout?.resume();
    await until(
      'the server to be healthy',
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true,
      60_000,
    );
    return started;
  };

  const killed = (proc: ChildProcess, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });

  beforeAll(async () => {
    slack = await startSlackEmulator();
    dataDir = await mkdtemp(path.join(tmpdir(), 'hikeshi-crash-'));
    port = await unusedPort();
  });
  afterAll(async () => {
    if (child) await killed(child, 'SIGTERM');
    await slack?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('ends with exactly one channel and one card after SIGKILL and restart', async () => {
    child = await serve();
    slack.injectLatency(2_500, ['conversations.create']);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Crash in the middle', severity: 'SEV2', impact: 'many users' }),
    });
    expect(res.status).toBe(201);
    const incident = (await res.json()) as { number: number };
    // The worker picks the row up at once and waits on conversations.create; kill it meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(slack.callsTo('conversations.create')).toHaveLength(0); // still in flight
    await killed(child, 'SIGKILL');
    const name = `inc-${incident.number}-crash-in-the-middle`;
    const channelNamed = () => [...slack.state.channels.values()].filter((c) => c.name.startsWith(`inc-${incident.number}`));
    await until('Slack to finish the lost create', () => channelNamed().length === 1);
    slack.injectLatency(0);
    expect(channelNamed()[0]?.messages.size).toBe(0); // no card yet: the process died first

    child = await serve();
    await until('the card to be pinned', () => (channelNamed()[0]?.pins.length ?? 0) > 0);
    await until('the announcement', () => [...slack.state.channels.values()].some((c) => c.name === 'incidents' && c.messages.size === 1));
    const channels = channelNamed();
    expect(channels.map((c) => c.name)).toEqual([name]);
    expect(channels[0]?.messages.size).toBe(1);
    expect(channels[0]?.pins).toHaveLength(1);
    // The retry found the name it had asked for in use, by a channel its bot created: adopted, not created again.
    const creates = slack.callsTo('conversations.create').filter((c) => String(c.args['name']).startsWith('inc-'));
    expect(creates).toHaveLength(1);
    expect(slack.callsTo('conversations.list').length).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/error/i);
  }, 120_000);
});
