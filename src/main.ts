/**
 * The `hikeshi` command line (bin/hikeshi.js runs this through tsx; `npm start` runs `serve`).
 * Builds the program from src/adapters/cli/ and runs it; every error becomes a message and an exit
 * code (see src/adapters/cli/exit-codes.ts), with a stack trace only when HIKESHI_DEBUG=1.
 */
import { readFileSync } from 'node:fs';
import { runCli } from './adapters/cli/program.ts';
import { isDebug, processIo } from './adapters/cli/io.ts';
import { EXIT } from './adapters/cli/exit-codes.ts';

function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    const parsed = JSON.parse(text) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Last resort: an error escaping every handler (e.g. thrown from a timer) still exits cleanly. */
function onFatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (isDebug(process.env) && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  process.exit(EXIT.unexpected);
}

process.on('uncaughtException', onFatal);
process.on('unhandledRejection', onFatal);

process.exitCode = await runCli(process.argv.slice(2), processIo(), packageVersion());
