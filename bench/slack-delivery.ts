/**
 * Slack delivery latency (DESIGN §5 "declare → all Slack calls issued, p99 < 500 ms with a
 * zero-latency emulator"): a hikeshi booted as `serve` boots it (PGlite in a temporary data dir,
 * outbox workers on) against the Slack emulator with no latency; declares through the API, one
 * every BENCH_SLACK_INTERVAL_MS; for each declare, the time from sending the request to the last
 * Slack call of its declare (conversations.create, setTopic, bookmarks.add, invite, the card's
 * postMessage, pins.add, the announcement). Run alone: `tsx bench/slack-delivery.ts`; `npm run
 * bench` runs it after the database suites (BENCH_SLACK=0 skips it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootHikeshi } from '../src/boot.ts';
import { loadConfig } from '../src/config/env.ts';
import { startSlackEmulator, type RecordedCall } from '../test/slack-emulator/index.ts';
import { BENCH_ADMIN_TOKEN } from './config.ts';

export interface SlackDeliveryResult {
  declares: number;
  completed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  targetP99Ms: number;
}

const TARGET_P99_MS = 500;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs the Slack delivery bench; `declares` and `intervalMs` from the environment by default. */
export async function runSlackDeliveryBench(
  options: { declares?: number; intervalMs?: number; log?: (line: string) => void } = {},
): Promise<SlackDeliveryResult> {
  const declares = options.declares ?? Number(process.env['BENCH_SLACK_DECLARES'] ?? 200);
  const intervalMs = options.intervalMs ?? Number(process.env['BENCH_SLACK_INTERVAL_MS'] ?? 100);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const slack = await startSlackEmulator();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hikeshi-bench-slack-'));
  const hikeshi = await bootHikeshi(
    loadConfig({
      HIKESHI_DATA_DIR: dataDir,
      HIKESHI_BOOTSTRAP_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: slack.url,
      HIKESHI_PUBLIC_URL: 'http://hikeshi.bench',
      LOG_LEVEL: 'warn',
    }),
  );
  const sentAt = new Map<number, number>();
  try {
    log(`slack delivery: ${declares} declares, one every ${intervalMs} ms, zero-latency emulator …`);
    for (let i = 0; i < declares; i++) {
      const started = Date.now();
      const res = await hikeshi.server.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
        payload: { title: `bench incident ${i}`, severity: 'SEV2', impact: 'bench', platforms: ['web'] },
      });
      if (res.statusCode !== 201) throw new Error(`declare answered ${res.statusCode}: ${res.body}`);
      sentAt.set(res.json<{ number: number }>().number, started);
      const wait = intervalMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    // Wait for the last declares' calls to land (bounded).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && lastCalls(slack.calls, sentAt).size < sentAt.size) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const last = lastCalls(slack.calls, sentAt);
    const latencies = [...last.entries()].map(([n, at]) => at - (sentAt.get(n) ?? at)).sort((a, b) => a - b);
    const result = {
      declares,
      completed: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? NaN,
      targetP99Ms: TARGET_P99_MS,
    };
    log(
      `slack delivery: ${result.completed}/${declares} complete; declare → last Slack call p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms (target p99 < ${TARGET_P99_MS} ms: ${result.p99Ms < TARGET_P99_MS && result.completed === declares ? 'met' : 'MISSED'})`,
    );
    return result;
  } finally {
    await hikeshi.close();
    await slack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * For each incident number whose declare is complete (card pinned and announced), the time of its
 * last Slack call: calls are matched by the incident's channel (from conversations.create) and by
 * the announcement text (`#<number>`) in the incidents channel.
 */
function lastCalls(calls: readonly RecordedCall[], sentAt: Map<number, number>): Map<number, number> {
  const channelOf = new Map<string, number>();
  const last = new Map<number, number>();
  const pinned = new Set<number>();
  const announced = new Set<number>();
  const note = (n: number, at: number) => last.set(n, Math.max(last.get(n) ?? 0, at));
  for (const call of calls) {
    const at = call.time.getTime(); // when the call reached Slack (issued)
    const args = call.args as Record<string, unknown>;
    if (call.method === 'conversations.create') {
      const match = /^inc-(\d+)-/.exec(String(args['name']));
      const channel = (call.response['channel'] as { id?: string } | undefined)?.id;
      if (match && channel) {
        channelOf.set(channel, Number(match[1]));
        note(Number(match[1]), at);
      }
      continue;
    }
    const rawChannel = args['channel'] ?? args['channel_id'];
    const channel = typeof rawChannel === 'string' ? rawChannel : '';
    const n = channelOf.get(channel);
    if (n !== undefined) {
      note(n, at);
      if (call.method === 'pins.add') pinned.add(n);
      continue;
    }
    if (call.method === 'chat.postMessage') {
      const match = /#(\d+)[:「 ]/.exec(String(args['text']));
      if (match && sentAt.has(Number(match[1]))) {
        note(Number(match[1]), at);
        announced.add(Number(match[1]));
      }
    }
  }
  for (const n of [...last.keys()]) if (!pinned.has(n) || !announced.has(n)) last.delete(n);
  return last;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runSlackDeliveryBench();
  process.exit(result.completed === result.declares ? 0 : 1);
}
