import { Command } from 'commander';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { integerIn, text } from '../parse.ts';
import { serverConfig } from '../server-config.ts';

interface ServeOptions {
  port?: number;
  host?: string;
}

/** `hikeshi serve`: the one process that serves the API, the web app, Slack and alert webhooks. */
export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .summary('run the server')
    .description(
      'Run the server: migrates the database, loads the playbook, then serves the API, web app, Slack and ' +
        'alert webhooks on one port. Configured by the environment (PORT, HOST, DATABASE_URL, HIKESHI_DATA_DIR, ' +
        'HIKESHI_PLAYBOOK, HIKESHI_PUBLIC_URL, HIKESHI_BOOTSTRAP_ADMIN_TOKEN, …; see docs/cli.md). Logs one line ' +
        'with the URL, the start-up time and the configuration (never a secret). SIGINT or SIGTERM stops it cleanly (exit 0).',
    )
    .option(
      '--port <n>',
      'port to listen on, 0 for any free port (default: PORT or 3000)',
      integerIn(0, 65535),
    )
    .option(
      '--host <host>',
      'address to listen on (default: HOST or 127.0.0.1; 0.0.0.0 for all)',
      text(255),
    )
    .addHelpText(
      'after',
      `
Examples:
  hikeshi serve
  HIKESHI_BOOTSTRAP_ADMIN_TOKEN=$(openssl rand -hex 24) hikeshi serve --host 0.0.0.0 --port 8080
  DATABASE_URL=postgres://hikeshi@db/hikeshi hikeshi serve

${EXIT_CODES_SHORT}`,
    )
    .action(async (options: ServeOptions) => {
      const config = await serverConfig(io, { port: options.port, host: options.host });
      const { runServer } = await import('./run-server.ts');
      await runServer(config, io);
    });
}
