import { Option, type Command } from 'commander';
import { ApiClient } from './api-client.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { operatorLocale, type CliIo } from './io.ts';

/** The options every client command takes (they talk to a running server over HTTP). */
export interface ClientOptions {
  url?: string;
  token?: string;
  json?: boolean;
  lang?: 'ja' | 'en';
}

export const DEFAULT_URL = 'http://localhost:3000';

/** Adds --url, --token, --lang and --json to a client command. */
export function withClientOptions(command: Command): Command {
  return command
    .option('--url <url>', `server URL (env HIKESHI_URL; default ${DEFAULT_URL})`)
    .option(
      '--token <token>',
      'API token (env HIKESHI_TOKEN; prefer the variable: options show in ps)',
    )
    .addOption(
      new Option(
        '--lang <lang>',
        'language of messages (env HIKESHI_LANG; default from LANG)',
      ).choices(['ja', 'en']),
    )
    .option('--json', "print the API's JSON instead of text");
}

/** The language: --lang, HIKESHI_LANG, then LC_ALL / LC_MESSAGES / LANG (ja_JP.UTF-8 → ja), else en. */
export function resolveLang(option: 'ja' | 'en' | undefined, env: CliIo['env']): 'ja' | 'en' {
  if (option) return option;
  const explicit = env['HIKESHI_LANG']?.trim();
  if (explicit) {
    if (explicit === 'ja' || explicit === 'en') return explicit;
    throw new CliError(`HIKESHI_LANG must be ja or en, got '${explicit}'`, EXIT.usage);
  }
  return operatorLocale(env);
}

/** The API client from the options and the environment; refuses a bad URL or a missing token. */
export function clientFrom(options: ClientOptions, io: CliIo): ApiClient {
  const url = options.url?.trim() || io.env['HIKESHI_URL']?.trim() || DEFAULT_URL;
  if (!isHttpUrl(url)) {
    const source = options.url ? '--url' : 'HIKESHI_URL';
    throw new CliError(`${source} must be an http:// or https:// URL, got '${url}'`, EXIT.usage);
  }
  const lang = resolveLang(options.lang, io.env);
  const token = options.token?.trim() || io.env['HIKESHI_TOKEN']?.trim();
  if (!token) {
    throw new CliError('no API token: pass --token or set HIKESHI_TOKEN', EXIT.auth, [
      'on the server host: export HIKESHI_TOKEN=$(hikeshi tokens create --role responder)',
      'or ask an admin for one (POST /api/v1/tokens).',
    ]);
  }
  return new ApiClient({ url: url.replace(/\/+$/, ''), token, lang });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
