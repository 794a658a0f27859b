import { Command } from 'commander';
import { declareCommand } from './commands/declare.ts';
import { doctorCommand } from './commands/doctor.ts';
import { listCommand } from './commands/list.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { showCommand } from './commands/show.ts';
import { statusCommand } from './commands/status.ts';
import { tokensCommand } from './commands/tokens.ts';
import { EXIT_CODES_HELP } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { reportError } from './report-error.ts';

const ROOT_HELP = `
Server side (open the database; configured by the environment, see docs/cli.md):
  serve, migrate, tokens create, doctor (Slack token and scopes)

Client side (talk to a running server over HTTP):
  declare, list, show, status
  --url (HIKESHI_URL, default http://localhost:3000), --token (HIKESHI_TOKEN),
  --lang ja|en (HIKESHI_LANG, default from LANG), --json

Examples:
  npx hikeshi serve
  export HIKESHI_TOKEN=$(npx hikeshi tokens create --role admin)
  hikeshi declare --title "Checkout fails on iOS" --severity SEV2 --platform ios
  hikeshi list --status active
  hikeshi show 12
  hikeshi status 12 monitoring --note "Fix released"

Environment: HIKESHI_DEBUG=1 prints stack traces of unexpected errors.

${EXIT_CODES_HELP}`;

/**
 * The `hikeshi` program. Commander errors (unknown command or option, missing or invalid value)
 * are thrown rather than exiting, so the caller maps them to exit code 2.
 */
export function buildProgram(io: CliIo, version: string): Command {
  const program = new Command('hikeshi')
    .description('hikeshi: incident response where everyone knows at once who must do what.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError('(add --help for usage and examples)')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .addHelpText('after', ROOT_HELP);
  // Subcommands made with `new Command` inherit these settings when added with copyInheritedSettings.
  for (const command of [
    serveCommand(io),
    migrateCommand(io),
    tokensCommand(io),
    declareCommand(io),
    listCommand(io),
    showCommand(io),
    statusCommand(io),
    doctorCommand(io),
  ]) {
    inherit(program, command);
    program.addCommand(command);
  }
  return program;
}

function inherit(parent: Command, command: Command): void {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inherit(command, sub);
}

/** Parses `argv` (without node and the script) and runs the command; resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  try {
    const program = buildProgram(io, version);
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}
