import { CommanderError } from 'commander';
import { isDomainError, type DomainError, type ErrorCode } from '../../domain/errors.ts';
import { translate } from '../../i18n/index.ts';
import { playbookText } from '../../i18n/playbook-messages.ts';
import { ApiError } from './api-client.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { isDebug, operatorLocale, type CliIo } from './io.ts';
import { isDataDirLocked, isDataDirProblem, isDatabaseUnreachable } from './server-config.ts';

/**
 * Reports any error of a command on stderr and returns the exit code. Messages only: a stack
 * trace is printed when HIKESHI_DEBUG=1, never otherwise.
 */
export function reportError(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const { code, lines } = describe(error, io);
  io.err(lines.map((line, i) => (i === 0 ? `error: ${line}` : `  ${line}`)).join('\n') + '\n');
  if (isDebug(io.env)) io.err(`${stackOf(error)}\n`);
  return code;
}

interface Described {
  code: ExitCode;
  /** The first line is the message; the others are details. */
  lines: string[];
}

function describe(error: unknown, io: CliIo): Described {
  if (error instanceof CliError)
    return { code: error.exitCode, lines: [error.message, ...error.details] };
  if (error instanceof ApiError) return describeApiError(error);
  if (isNamed(error, 'ConfigError') && Array.isArray(error['problems'])) {
    const problems = (error['problems'] as unknown[]).map((p) => `- ${String(p)}`);
    return {
      code: EXIT.usage,
      lines: [
        'invalid configuration in the environment:',
        ...problems,
        'see docs/cli.md for each variable.',
      ],
    };
  }
  if (isNamed(error, 'PlaybookFileError')) {
    // Its message holds one `file:line:column field — message` per problem, worded (like this
    // header) in the operator's language: the command loaded the file with operatorLocale too.
    const problems = String(error['message']).split('\n');
    const header = problems.length === 1 ? 'fileInvalidOne' : 'fileInvalid';
    return {
      code: EXIT.usage,
      lines: [
        playbookText(operatorLocale(io.env), header, { count: problems.length }),
        ...problems,
      ],
    };
  }
  if (isDomainError(error)) return describeDomainError(error, io);
  if (isDataDirLocked(error))
    return {
      code: EXIT.usage,
      lines: [
        messageOf(error),
        'stop the process that holds it, or set HIKESHI_DATA_DIR to another directory.',
      ],
    };
  if (isDataDirProblem(error)) return { code: EXIT.usage, lines: [messageOf(error)] };
  if (isDatabaseUnreachable(error)) return { code: EXIT.unreachable, lines: [messageOf(error)] };
  const lines = [messageOf(error)];
  if (!isDebug(io.env)) lines.push('(set HIKESHI_DEBUG=1 for the stack trace)');
  return { code: EXIT.unexpected, lines };
}

function describeApiError(error: ApiError): Described {
  const lines = [`${error.message} (${error.code}, HTTP ${error.status})`];
  const blockers = error.blockers;
  if (blockers.length > 0) {
    for (const blocker of blockers) lines.push(`- ${blocker.message}`);
  } else {
    lines.push(...detailLines(error.details));
  }
  if (error.status === 401) lines.push('check the token: --token or HIKESHI_TOKEN.');
  return { code: error.exitCode, lines };
}

/** `details` of an error body, whatever its shape, as lines. */
function detailLines(details: unknown): string[] {
  if (details === undefined || details === null) return [];
  if (Array.isArray(details)) {
    return details.map((item) => {
      if (isRecord(item) && typeof item['message'] === 'string') {
        return typeof item['field'] === 'string'
          ? `- ${item['field']}: ${item['message']}`
          : `- ${item['message']}`;
      }
      return `- ${typeof item === 'string' ? item : JSON.stringify(item)}`;
    });
  }
  if (isRecord(details)) {
    return Object.entries(details).map(
      ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
  }
  return [typeof details === 'string' ? details : JSON.stringify(details)];
}

const DOMAIN_EXIT: Partial<Record<ErrorCode, ExitCode>> = {
  validation_failed: EXIT.usage,
  unknown_severity: EXIT.usage,
  unknown_platform: EXIT.usage,
  unknown_role: EXIT.usage,
  unknown_milestone: EXIT.usage,
  unauthenticated: EXIT.auth,
  forbidden: EXIT.auth,
};

/** A use case's error in the server-side commands (tokens): its message, an exit code by kind. */
function describeDomainError(error: DomainError, io: CliIo): Described {
  const lang = operatorLocale(io.env);
  const code =
    DOMAIN_EXIT[error.code] ?? (error.code.endsWith('not_found') ? EXIT.notFound : EXIT.refused);
  const lines = [
    `${translate(lang, error.code, error.params)} (${error.code})`,
    ...detailLines(error.details),
  ];
  return { code, lines };
}

function isNamed(error: unknown, name: string): error is Error & Record<string, unknown> {
  return error instanceof Error && error.name === name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error && !error.message.includes(error.cause.message)
        ? `: ${error.cause.message}`
        : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

function stackOf(error: unknown): string {
  let out = error instanceof Error ? (error.stack ?? error.message) : String(error);
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    out += `\nCaused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : JSON.stringify(cause)}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}
