import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { VIEW_CALLBACKS } from '../../src/adapters/slack/action-ids.ts';
import { buildServer } from '../../src/adapters/http/server.ts';
import { mountSlack, type SlackAdapter } from '../../src/adapters/slack/slack-app.ts';
import { startSlackEmulator, type SlackEmulator, type SlackUser } from '../slack-emulator/index.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { input, lastOpenedView, slashCommandFields, viewSubmissionPayload } from './support.ts';

/**
 * Socket Mode for real: hikeshi boots with SLACK_APP_TOKEN, asks the emulator's
 * apps.connections.open for a WebSocket URL, connects to a local server speaking Slack's Socket
 * Mode protocol (docs.slack.dev/apis/events-api/using-socket-mode: `hello`, then envelopes
 * `{ envelope_id, type, payload, accepts_response_payload }` that the app acknowledges with
 * `{ envelope_id, payload }`), and runs the same listeners as over HTTP.
 */

/** Slack's deadline for an acknowledgement. */
const ACK_DEADLINE_MS = 3000;

interface Ack {
  payload: unknown;
  afterMs: number;
}

/** A WebSocket server on 127.0.0.1 standing in for Slack's Socket Mode endpoint. */
class SocketModeServer {
  readonly connections: { socket: WebSocket; path: string }[] = [];
  /** Every message the app sent that was not an ack. */
  readonly others: unknown[] = [];
  private readonly acks = new Map<string, (message: { payload?: unknown }) => void>();
  private connected: ((socket: WebSocket) => void)[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {
    wss.on('connection', (socket, request) => {
      this.connections.push({ socket, path: request.url ?? '' });
      socket.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
      for (const resolve of this.connected.splice(0)) resolve(socket);
    });
  }

  static async start(): Promise<SocketModeServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const { port } = wss.address() as AddressInfo;
    return new SocketModeServer(wss, `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=emulated`);
  }

  /** The next connection the app opens. */
  nextConnection(): Promise<WebSocket> {
    return new Promise((resolve) => this.connected.push(resolve));
  }

  /** Sends an envelope and resolves with its ack; rejects when none comes within Slack's deadline. */
  deliver(socket: WebSocket, envelope: { envelope_id: string; type: string; payload: unknown; [key: string]: unknown }): Promise<Ack> {
    const sentAt = performance.now();
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(envelope.envelope_id);
        reject(new Error(`envelope ${envelope.envelope_id} was not acknowledged within ${ACK_DEADLINE_MS} ms`));
      }, ACK_DEADLINE_MS);
      this.acks.set(envelope.envelope_id, (message) => {
        clearTimeout(timer);
        resolve({ payload: message.payload, afterMs: performance.now() - sentAt });
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  async close(): Promise<void> {
    for (const { socket } of this.connections) socket.terminate();
    await new Promise<void>((resolve, reject) => this.wss.close((error) => (error ? reject(error) : resolve())));
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { envelope_id?: unknown; payload?: unknown };
    const settle = typeof message.envelope_id === 'string' ? this.acks.get(message.envelope_id) : undefined;
    if (!settle || typeof message.envelope_id !== 'string') {
      this.others.push(message);
      return;
    }
    this.acks.delete(message.envelope_id);
    settle(message);
  }
}

describe.each(testDatabaseKinds())('Slack over Socket Mode on %s', (kind) => {
  let server: TestServer;
  let slack: SlackEmulator;
  let socketServer: SocketModeServer;
  let appToken: string;
  let adapter: SlackAdapter;
  let closeHttp: () => Promise<void>;
  let socket: WebSocket;
  let alice: SlackUser;
  let support: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    slack = await startSlackEmulator();
    socketServer = await SocketModeServer.start();
    appToken = slack.addAppToken({ socketUrl: socketServer.url });
    alice = slack.addUser({ name: 'alice', email: 'alice@example.test', realName: 'Alice', locale: 'en-US' });
    support = slack.addChannel({ name: 'support', members: [alice.id] }).id;
    let mounted: SlackAdapter | undefined;
    const http = await buildServer(server.deps, [], {
      logLevel: 'silent',
      beforeRoutes: (app) => {
        mounted = mountSlack(app, {
          config: { botToken: slack.botToken, signingSecret: undefined, appToken, apiUrl: slack.url, newUserRole: 'responder' },
          deps: { app: server.deps.app, publicUrl: 'http://hikeshi.test', newUserRole: 'responder' },
          log: { warn: (message, error) => warnings.push(`${message}: ${error instanceof Error ? error.message : JSON.stringify(error ?? null)}`) },
        });
      },
    });
    if (!mounted) throw new Error('Slack was not mounted');
    adapter = mounted;
    closeHttp = () => http.close();
    // Socket Mode: start() resolves once Slack's `hello` arrives on the new connection.
    const connection = socketServer.nextConnection();
    const started = adapter.start();
    socket = await connection;
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-emulated', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: slack.bot.appId } }));
    await started;
  });
  afterAll(async () => {
    await adapter.stop();
    await closeHttp();
    await socketServer.close();
    await slack.close();
    await server.close();
  });

  const incidentsTitled = async (title: string) => {
    const answer = await server.app.inject({ method: 'GET', url: `/api/v1/incidents?q=${encodeURIComponent(title)}`, headers: server.auth(server.adminToken) });
    expect(answer.statusCode).toBe(200);
    return answer.json<{ items: { id: string; title: string }[] }>().items.filter((i) => i.title === title);
  };

  it('gets its WebSocket URL from apps.connections.open with the app token, only that token', async () => {
    const opens = slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.token).toBe(appToken);
    expect(opens[0]?.response).toEqual({ ok: true, url: socketServer.url });
    expect(socketServer.connections.map((c) => c.path)).toEqual([socketServer.url.slice(socketServer.url.indexOf('/link/'))]);
    const open = (token: string) => new WebClient(token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } }).apps.connections.open().catch((error: { data?: unknown }) => error.data);
    expect(await open(slack.botToken)).toMatchObject({ ok: false, error: 'not_allowed_token_type' });
    expect(await open('xapp-1-A0-0-unknown')).toMatchObject({ ok: false, error: 'invalid_auth' });
    const withoutScope = slack.addAppToken({ socketUrl: socketServer.url, scopes: ['authorizations:read'] });
    expect(await open(withoutScope)).toMatchObject({ ok: false, error: 'missing_scope', needed: 'connections:write' });
  });

  it('acks /incident and the declare modal by envelope id; a re-delivered submission declares once', async () => {
    const command = await socketServer.deliver(socket, {
      envelope_id: randomUUID(),
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandFields({ slack }, alice, support, ''),
    });
    expect(command.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    await adapter.idle();
    const view = lastOpenedView({ slack });
    expect(view.definition.callback_id).toBe(VIEW_CALLBACKS.declare);

    const title = 'Checkout down over Socket Mode';
    const payload = viewSubmissionPayload({ slack }, alice, view, {
      title: input.text(title),
      severity: input.select('SEV2'),
      impact: input.text('buyers'),
      platforms: input.boxes('web'),
    });
    const first = await socketServer.deliver(socket, { envelope_id: randomUUID(), type: 'interactive', accepts_response_payload: true, payload });
    expect(first.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    expect(first.payload).toEqual({});
    await adapter.idle();
    expect(await incidentsTitled(title)).toHaveLength(1);
    const declared = () => slack.callsTo('chat.postEphemeral').filter((c) => typeof c.args.text === 'string' && c.args.text.includes(title));
    expect(declared()).toHaveLength(1);

    // Slack re-delivers an envelope it saw no ack for under a new envelope id, same payload.
    const retry = await socketServer.deliver(socket, { envelope_id: randomUUID(), type: 'interactive', accepts_response_payload: true, retry_attempt: 1, retry_reason: 'timeout', payload });
    expect(retry.afterMs).toBeLessThan(ACK_DEADLINE_MS);
    await adapter.idle();
    expect(await incidentsTitled(title)).toHaveLength(1);
    expect(declared()).toHaveLength(1);
    expect(socketServer.others).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
