/**
 * The CLI's exit codes: a stable contract for scripts (documented in `hikeshi --help` and
 * docs/cli.md). HTTP statuses map onto them in api-client.ts.
 */
export const EXIT = {
  ok: 0,
  /** Anything unexpected: a bug, a server fault (5xx), a failure we have no better code for. */
  unexpected: 1,
  /** Bad arguments or options, invalid configuration, a broken playbook file, a locked data dir, HTTP 400. */
  usage: 2,
  notFound: 3,
  /** The rules refused the request (HTTP 409/422), e.g. a blocked status change. */
  refused: 4,
  /** No token, a bad token, or a role too low (HTTP 401/403). */
  auth: 5,
  /** The server (or, for server-side commands, the database) cannot be reached. */
  unreachable: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as it is: a message, optional detail lines, and its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** The exit-code table shown at the end of `hikeshi --help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  unexpected error (a bug, or a server error 5xx)
  2  usage error: bad arguments or options, invalid configuration (every problem listed),
     a broken playbook file (file:line:column field — message), an HTTP 400 answer,
     a data dir in use or not a database, the server's port taken
  3  not found (HTTP 404)
  4  refused by the rules (HTTP 409/422), e.g. a blocked status change (blockers listed)
  5  authentication or permission (HTTP 401/403), or no token given
  6  server unreachable (client commands), database unreachable (server-side commands)`;

/** One line for each command's help. */
export const EXIT_CODES_SHORT =
  'Exit codes: 0 ok, 1 unexpected, 2 usage/config, 3 not found, 4 refused, 5 auth, 6 unreachable (see hikeshi --help).';
