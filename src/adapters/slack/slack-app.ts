import { App, LogLevel, type Authorize, type Logger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { FastifyInstance } from 'fastify';
import type { SlackConfig } from '../../config/env.ts';
import { registerActions } from './actions.ts';
import { registerCommand } from './commands.ts';
import type { SlackDeps } from './context.ts';
import { registerEvents } from './events.ts';
import { FastifyReceiver, SLACK_EVENTS_PATH } from './receiver.ts';
import { registerSubmissions } from './submissions.ts';
import { registerWorkflowStep } from './workflow.ts';

/**
 * The Slack app: Bolt with every hikeshi listener, on `POST /slack/events` inside the server
 * (when a signing secret is set) and over Socket Mode (when an app token is set) — the same
 * listeners either way. Without Slack configured, `POST /slack/events` answers 503.
 */

export interface SlackAdapter {
  /** Waits until the work started by the requests answered so far is done (tests, shutdown). */
  idle(): Promise<void>;
  /** Connects Socket Mode, if configured. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface MountSlackOptions {
  config: SlackConfig | null;
  deps: Omit<SlackDeps, 'log'>;
  /** The clock request timestamps are checked against (default Date.now). */
  nowMs?: () => number;
  log?: SlackDeps['log'];
}

function clientOptions(config: SlackConfig): WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` } : {}),
    // Interactive answers are worth little minutes later: a few quick retries, then the user is told.
    retryConfig: { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 2000 },
    timeout: 10_000,
  };
}

/**
 * The bot token, with the bot's ids from auth.test once known. auth.test runs in the background,
 * never before an ack.
 */
function lazyAuthorize(config: SlackConfig, log: SlackDeps['log']): Authorize<boolean> {
  const client = new WebClient(config.botToken, clientOptions(config));
  let known: { botId?: string; botUserId?: string } | undefined;
  let asking: Promise<void> | undefined;
  return () => {
    if (!known && !asking) {
      asking = client.auth
        .test()
        .then((r) => {
          known = { ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { botUserId: r.user_id } : {}) };
        })
        .catch((error: unknown) => log.warn('slack auth.test failed', error))
        .finally(() => {
          asking = undefined;
        });
    }
    return Promise.resolve({ botToken: config.botToken, ...known });
  };
}

function boltLogger(log: SlackDeps['log']): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...messages: unknown[]) => log.warn(messages.map(String).join(' ')),
    error: (...messages: unknown[]) => log.warn(messages.map(String).join(' ')),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function register(bolt: App, deps: SlackDeps): void {
  const command = deps.app.playbooks.current().playbook.slack.command;
  registerCommand(bolt, deps, command.startsWith('/') ? command : `/${command}`);
  registerActions(bolt, deps);
  registerSubmissions(bolt, deps);
  registerEvents(bolt, deps);
  registerWorkflowStep(bolt, deps);
  bolt.error((error) => {
    deps.log.warn('slack listener failed', error);
    return Promise.resolve();
  });
}

function notConfigured(server: FastifyInstance): void {
  server.register((scope, _opts, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, next) => next(null, body));
    scope.post(SLACK_EVENTS_PATH, (_request, reply) =>
      reply.code(503).type('application/json; charset=utf-8').send({
        error: {
          code: 'slack_not_configured',
          message: 'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see docs/slack.md).',
        },
      }),
    );
    done();
  });
}

/** Mounts `POST /slack/events` on the server (call before the server is ready). */
export function mountSlack(server: FastifyInstance, options: MountSlackOptions): SlackAdapter {
  const log = options.log ?? { warn: (message: string, error?: unknown) => server.log.warn({ err: error }, message) };
  const deps: SlackDeps = { ...options.deps, log };
  const config = options.config;
  if (!config?.signingSecret) notConfigured(server);
  if (!config) return { idle: () => Promise.resolve(), start: () => Promise.resolve(), stop: () => Promise.resolve() };
  const authorize = lazyAuthorize(config, log);
  const logger = boltLogger(log);
  let receiver: FastifyReceiver | undefined;
  if (config.signingSecret) {
    receiver = new FastifyReceiver({ signingSecret: config.signingSecret, ...(options.nowMs ? { nowMs: options.nowMs } : {}), log: { error: (message, error) => log.warn(message, error) } });
    register(new App({ receiver, authorize, clientOptions: clientOptions(config), logger }), deps);
    receiver.register(server);
  }
  let socket: App | undefined;
  // Socket Mode work still running after its ack (idle() waits for it, as for the receiver's).
  const socketWork = new Set<Promise<void>>();
  if (config.appToken) {
    // clientOptions (slackApiUrl included) reach the Socket Mode client too: apps.connections.open goes there.
    socket = new App({ appToken: config.appToken, socketMode: true, authorize, clientOptions: clientOptions(config), logger });
    socket.use(async ({ next }) => {
      const work = next();
      socketWork.add(work);
      try {
        await work;
      } finally {
        socketWork.delete(work);
      }
    });
    register(socket, deps);
  }
  const socketIdle = async (): Promise<void> => {
    while (socketWork.size > 0) await Promise.allSettled([...socketWork]);
  };
  return {
    async idle() {
      await receiver?.idle();
      await socketIdle();
    },
    async start() {
      await socket?.start();
    },
    async stop() {
      await socket?.stop();
      await receiver?.idle();
      await socketIdle();
    },
  };
}
