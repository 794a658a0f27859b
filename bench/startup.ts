import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_ADMIN_TOKEN } from './config.ts';
import { processRssMb } from './memory.ts';

/**
 * Start-up to healthy: spawns `node bin/hikeshi.js serve` (or src/main.ts through tsx when there is
 * no bin/) on an existing database and times it until GET /healthz answers 200. Then, after
 * IDLE_WAIT_MS of idling, reads the server's RSS from /proc, and stops it with SIGTERM.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/hikeshi.js', import.meta.url));
const BUILD = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const IDLE_WAIT_MS = 2_000;

export interface StartupRun {
  seconds: number;
  idleRssMb: number | undefined;
  exitCode: number | null;
  /** Why this start failed (then `seconds` is NaN and the run is left out of the median). */
  error?: string;
}

export interface StartupResult {
  command: string;
  runs: StartupRun[];
  medianSeconds: number;
  /** Highest idle RSS over the runs (MB). */
  idleRssMb: number | undefined;
}

/** Servers spawned and not yet stopped, for killLiveServers. */
const live = new Set<ChildProcess>();

/** Kills every server this module spawned that still runs (used when the bench is interrupted). */
export function killLiveServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

function serverCommand(): string[] {
  return existsSync(BIN) ? [BIN, 'serve'] : ['--import', 'tsx', fileURLToPath(new URL('../src/main.ts', import.meta.url)), 'serve'];
}

/** This process's environment without anything that would configure the server differently. */
function inheritedEnv(): Record<string, string> {
  const configures = /^(HIKESHI_|SLACK_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/;
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !configures.test(entry[0])),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const exited = await Promise.race([waitForExit(child), sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
  if (exited !== 'timeout') return exited;
  child.kill('SIGKILL');
  return waitForExit(child);
}

async function startOnce(dbEnv: Record<string, string>): Promise<StartupRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, serverCommand(), {
    cwd: ROOT,
    env: {
      ...inheritedEnv(),
      ...dbEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      HIKESHI_BOOTSTRAP_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  try {
    const url = `http://127.0.0.1:${port}/healthz`;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`hikeshi serve exited (${child.exitCode ?? child.signalCode}) before healthy: ${stderr.trim()}`);
      }
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`hikeshi serve not healthy after ${READY_TIMEOUT_MS / 1000} s: ${stderr.trim()}`);
      if (await isHealthy(url)) break;
      await sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(IDLE_WAIT_MS);
    const idleRssMb = child.pid === undefined ? undefined : await processRssMb(child.pid);
    return { seconds, idleRssMb, exitCode: await stop(child) };
  } finally {
    await stop(child);
  }
}

/**
 * Builds untimed what bin/ would otherwise build inside the first timed start when sources changed
 * (a deploy step, `npm run build`): dist/ and the web app. Without the web app here, the first start
 * after a change under web/ timed a Vite build (docs/benchmarks.md, "Session 5: first-start memory").
 */
async function prime(): Promise<void> {
  const args = existsSync(BUILD) ? [BUILD] : [...serverCommand().slice(0, -1), '--version'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: inheritedEnv(), stdio: 'ignore' });
  live.add(child);
  const exited = await Promise.race([waitForExit(child), sleep(READY_TIMEOUT_MS).then(() => 'timeout' as const)]);
  if (exited === 'timeout') child.kill('SIGKILL');
  live.delete(child);
}

export async function measureStartup(dbEnv: Record<string, string>, runs: number): Promise<StartupResult> {
  await prime();
  const results: StartupRun[] = [];
  for (let i = 0; i < runs; i += 1) {
    // A failed start (e.g. the process killed from outside on a shared machine) is recorded, not fatal.
    results.push(
      await startOnce(dbEnv).catch((error: unknown) => ({
        seconds: Number.NaN,
        idleRssMb: undefined,
        exitCode: null,
        error: error instanceof Error ? error.message : String(error),
      })),
    );
  }
  const sorted = results
    .map((r) => r.seconds)
    .filter((s) => !Number.isNaN(s))
    .sort((a, b) => a - b);
  const rss = results.map((r) => r.idleRssMb).filter((v): v is number => v !== undefined);
  return {
    command: `node ${serverCommand().map((part) => part.replace(ROOT, '')).join(' ')}`,
    runs: results,
    medianSeconds: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    idleRssMb: rss.length > 0 ? Math.max(...rss) : undefined,
  };
}
