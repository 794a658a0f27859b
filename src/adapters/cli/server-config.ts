import type { Config } from '../../config/env.ts';
import type { CliIo } from './io.ts';

/**
 * The server configuration for the server-side commands: the environment through loadConfig
 * (a ConfigError lists every problem; the CLI exits 2), with --port / --host taking precedence.
 */
export async function serverConfig(
  io: CliIo,
  overrides: { port?: number | undefined; host?: string | undefined } = {},
): Promise<Config> {
  // Loaded on demand (it pulls in zod): the client commands never need it.
  const { loadConfig } = await import('../../config/env.ts');
  const env = { ...io.env };
  // Through the environment so the same schema checks them and publicUrl follows the port.
  // Port 0 (any free port) is not a valid PORT, so it is applied after parsing.
  if (overrides.port !== undefined && overrides.port > 0) env['PORT'] = String(overrides.port);
  if (overrides.host !== undefined) env['HOST'] = overrides.host;
  const config = loadConfig(env);
  return overrides.port === 0 ? { ...config, port: 0 } : config;
}

/** `HIKESHI_DATA_DIR … is in use by process N`: the PGlite data dir is locked by another process. */
export function isDataDirLocked(error: unknown): boolean {
  return (
    error instanceof Error && /HIKESHI_DATA_DIR .* is in use by process \d+/.test(error.message)
  );
}

/** A problem with the PGlite data dir itself (in use, not a database, …): the setting must change. */
export function isDataDirProblem(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('HIKESHI_DATA_DIR ');
}

/** `Cannot connect to DATABASE_URL (…)`: PostgreSQL is unreachable. */
export function isDatabaseUnreachable(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Cannot connect to DATABASE_URL');
}
