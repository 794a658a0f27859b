import { z } from 'zod';

/**
 * The environment, parsed once at start-up. Empty values count as unset; every problem is listed
 * at once; secrets are kept out of `describeConfig`.
 */
const optional = z.string().trim().min(1).optional();

const envSchema = z.object({
  PORT: z.coerce.number('must be a port number (0 picks a free one)').int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a URL like postgres://user@host:5432/db' })
    .optional(),
  HIKESHI_DATA_DIR: z.string().trim().min(1).default('./.hikeshi'),
  HIKESHI_PLAYBOOK: optional,
  HIKESHI_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  HIKESHI_BOOTSTRAP_ADMIN_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters')
    .optional(),
  HIKESHI_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  HIKESHI_WORKER_LEASE_MS: z.coerce.number('must be a number of milliseconds').int().min(1000).max(3_600_000).default(60_000),
  /** Workspace role of a Slack user seen for the first time (never admin). */
  HIKESHI_SLACK_NEW_USER_ROLE: z.enum(['viewer', 'responder']).default('responder'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  playbookPath: string | undefined;
  publicUrl: string;
  bootstrapAdminToken: string | undefined;
  poolSize: number;
  logLevel: Env['LOG_LEVEL'];
  /** Slack, when a bot token is set (else null: nothing is sent, outbox rows wait, /slack/events answers 503). */
  slack: SlackConfig | null;
  /** How long a worker holds an outbox row or job before another may take it over (default 60 s). */
  workerLeaseMs: number;
}

export interface SlackConfig {
  botToken: string;
  /** Verifies requests to POST /slack/events; absent with Socket Mode only. */
  signingSecret: string | undefined;
  /** Socket Mode (xapp-…) when set. */
  appToken: string | undefined;
  /** The Web API base (tests: an emulator); absent: Slack's. */
  apiUrl: string | undefined;
  newUserRole: 'viewer' | 'responder';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.HIKESHI_DATA_DIR,
    playbookPath: env.HIKESHI_PLAYBOOK,
    publicUrl: (env.HIKESHI_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    bootstrapAdminToken: env.HIKESHI_BOOTSTRAP_ADMIN_TOKEN,
    poolSize: env.HIKESHI_DB_POOL_SIZE,
    logLevel: env.LOG_LEVEL,
    slack: slackConfig(env),
    workerLeaseMs: env.HIKESHI_WORKER_LEASE_MS,
  };
}

function slackConfig(env: Env): SlackConfig | null {
  if (!env.SLACK_BOT_TOKEN) return null;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    newUserRole: env.HIKESHI_SLACK_NEW_USER_ROLE,
  };
}

/** A loggable summary: the database is named by kind and host only, never with credentials. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    database: config.databaseUrl
      ? `postgres @ ${new URL(config.databaseUrl).host}`
      : `pglite @ ${config.dataDir}`,
    playbook: config.playbookPath ?? '(default lookup)',
    publicUrl: config.publicUrl,
    bootstrapAdminToken: config.bootstrapAdminToken ? 'set' : 'unset',
    slack: config.slack ? `${config.slack.appToken ? 'socket mode' : 'http'} (${config.slack.apiUrl ?? 'slack.com'})` : 'not configured',
  };
}
