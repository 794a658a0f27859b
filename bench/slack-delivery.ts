/**
 * Slack ack time and delivery latency (DESIGN §5 "Slack ack p99 < 100 ms" and "declare → all
 * Slack calls issued, p99 < 500 ms with a zero-latency emulator"): a hikeshi booted as `serve`
 * boots it (PGlite in a temporary data dir, outbox workers on) against the Slack emulator with no
 * latency; submits the declare modal as Slack does — a `view_submission` signed with the signing
 * secret, POSTed to /slack/events — one every BENCH_SLACK_INTERVAL_MS. For each submission it
 * measures the ack (request sent → HTTP answer) and the time from sending it to the last Slack call
 * of its declare (conversations.create, setTopic, bookmarks.add, invite, the card's postMessage,
 * pins.add, the announcement). Run alone: `tsx bench/slack-delivery.ts` (small:
 * `BENCH_SLACK_DECLARES=10 BENCH_SLACK_INTERVAL_MS=20 tsx bench/slack-delivery.ts`); `npm run
 * bench` runs it after the database suites (BENCH_SLACK=0 skips it).
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIEW_CALLBACKS } from '../src/adapters/slack/action-ids.ts';
import { bootHikeshi } from '../src/boot.ts';
import { loadConfig } from '../src/config/env.ts';
import { startSlackEmulator, type RecordedCall, type SlackEmulator, type SlackUser } from '../test/slack-emulator/index.ts';
import { BENCH_ADMIN_TOKEN } from './config.ts';

export interface SlackDeliveryResult {
  declares: number;
  completed: number;
  /** Signed view_submission → last Slack call of its declare. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  targetP99Ms: number;
  /** Signed view_submission → HTTP answer (the ack). */
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  ackTargetP99Ms: number;
}

const TARGET_P99_MS = 500;
const ACK_TARGET_P99_MS = 100;
const SIGNING_SECRET = 'bench-signing-secret-0f1e2d3c4b5a6978';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The declare modal's view_submission as Slack posts it (form body `payload=`), for view `viewId`. */
function declareSubmission(slack: SlackEmulator, user: SlackUser, viewId: string, title: string): string {
  const team = { id: slack.state.team.id, domain: slack.state.team.domain };
  const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
  const payload = {
    type: 'view_submission',
    team,
    user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
    api_app_id: slack.bot.appId,
    token: 'legacy-unused',
    trigger_id: slack.issueTriggerId(),
    view: {
      id: viewId,
      team_id: team.id,
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: VIEW_CALLBACKS.declare,
      state: {
        values: {
          title: text(title),
          impact: text('bench'),
          severity: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'SEV2' }, value: 'SEV2' } } },
          platforms: { value: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'web' }, value: 'web' }] } },
        },
      },
      hash: `${viewId}.hash`,
      title: { type: 'plain_text', text: 'Declare' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: slack.bot.appId,
      bot_id: slack.bot.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Runs the Slack ack and delivery bench; `declares` and `intervalMs` from the environment by default. */
export async function runSlackDeliveryBench(
  options: { declares?: number; intervalMs?: number; log?: (line: string) => void } = {},
): Promise<SlackDeliveryResult> {
  const declares = options.declares ?? Number(process.env['BENCH_SLACK_DECLARES'] ?? 200);
  const intervalMs = options.intervalMs ?? Number(process.env['BENCH_SLACK_INTERVAL_MS'] ?? 100);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const slack = await startSlackEmulator();
  const user = slack.addUser({ name: 'bench', email: 'bench@example.com' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hikeshi-bench-slack-'));
  const hikeshi = await bootHikeshi(
    loadConfig({
      HIKESHI_DATA_DIR: dataDir,
      HIKESHI_BOOTSTRAP_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      HIKESHI_PUBLIC_URL: 'http://hikeshi.bench',
      LOG_LEVEL: 'warn',
    }),
  );
  const sentAt = new Map<number, number>();
  const acks: number[] = [];
  try {
    log(`slack: ${declares} signed declare view_submissions, one every ${intervalMs} ms, zero-latency emulator …`);
    for (let i = 0; i < declares; i++) {
      const body = declareSubmission(slack, user, `VBENCH${String(i).padStart(6, '0')}`, `bench incident ${i}`);
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const started = Date.now();
      const res = await hikeshi.server.inject({
        method: 'POST',
        url: '/slack/events',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        },
        payload: body,
      });
      acks.push(Date.now() - started);
      if (res.statusCode !== 200) throw new Error(`view_submission answered ${res.statusCode}: ${res.body}`);
      sentAt.set(i, started);
      const wait = intervalMs - (Date.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    // Wait for the last declares' calls to land (bounded).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && lastCalls(slack, sentAt).size < sentAt.size) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const last = lastCalls(slack, sentAt);
    const latencies = [...last.entries()].map(([i, at]) => at - (sentAt.get(i) ?? at)).sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    const result: SlackDeliveryResult = {
      declares,
      completed: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? NaN,
      targetP99Ms: TARGET_P99_MS,
      ackP50Ms: percentile(acks, 50),
      ackP99Ms: percentile(acks, 99),
      ackMaxMs: acks.at(-1) ?? NaN,
      ackTargetP99Ms: ACK_TARGET_P99_MS,
    };
    log(
      `slack ack: view_submission → HTTP answer p50 ${result.ackP50Ms} ms, p99 ${result.ackP99Ms} ms, max ${result.ackMaxMs} ms (target p99 < ${ACK_TARGET_P99_MS} ms: ${result.ackP99Ms < ACK_TARGET_P99_MS ? 'met' : 'MISSED'})`,
    );
    log(
      `slack delivery: ${result.completed}/${declares} complete; signed submission → last Slack call p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms (target p99 < ${TARGET_P99_MS} ms: ${result.p99Ms < TARGET_P99_MS && result.completed === declares ? 'met' : 'MISSED'})`,
    );
    return result;
  } finally {
    await hikeshi.close();
    await slack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * For each submission whose declare is complete (card pinned and announced), the time of its last
 * Slack call: the incident's channel is recognised by its name (`inc-<number>-bench-incident-<i>`),
 * later calls by that channel id, the announcement by `#<number>` in the `incidents` channel.
 */
function lastCalls(slack: SlackEmulator, sentAt: Map<number, number>): Map<number, number> {
  const calls: readonly RecordedCall[] = slack.calls;
  const announceChannel = slack.channelNamed('incidents')?.id;
  const channelOf = new Map<string, number>();
  const submissionOf = new Map<number, number>(); // incident number → submission index
  const last = new Map<number, number>();
  const pinned = new Set<number>();
  const announced = new Set<number>();
  const note = (i: number, at: number) => last.set(i, Math.max(last.get(i) ?? 0, at));
  for (const call of calls) {
    const at = call.time.getTime(); // when the call reached Slack (issued)
    const args = call.args as Record<string, unknown>;
    if (call.method === 'conversations.create') {
      const match = /^inc-(\d+)-bench-incident-(\d+)$/.exec(String(args['name']));
      const channel = (call.response['channel'] as { id?: string } | undefined)?.id;
      if (match && channel && sentAt.has(Number(match[2]))) {
        channelOf.set(channel, Number(match[2]));
        submissionOf.set(Number(match[1]), Number(match[2]));
        note(Number(match[2]), at);
      }
      continue;
    }
    const rawChannel = args['channel'] ?? args['channel_id'];
    const channel = typeof rawChannel === 'string' ? rawChannel : '';
    const i = channelOf.get(channel);
    if (i !== undefined) {
      note(i, at);
      if (call.method === 'pins.add') pinned.add(i);
      continue;
    }
    if (call.method === 'chat.postMessage' && announceChannel !== undefined && (channel === announceChannel || channel === 'incidents' || channel === '#incidents')) {
      const match = /#(\d+)[:「 ]/.exec(String(args['text']));
      const announcedOf = match ? submissionOf.get(Number(match[1])) : undefined;
      if (announcedOf !== undefined) {
        note(announcedOf, at);
        announced.add(announcedOf);
      }
    }
  }
  for (const i of [...last.keys()]) if (!pinned.has(i) || !announced.has(i)) last.delete(i);
  return last;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runSlackDeliveryBench();
  process.exit(result.completed === result.declares ? 0 : 1);
}
