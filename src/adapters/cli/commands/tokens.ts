import { Command, Option } from 'commander';
import type { WorkspaceRole } from '../../../domain/actor.ts';
import { EXIT_CODES_SHORT } from '../exit-codes.ts';
import { operatorLocale, type CliIo } from '../io.ts';
import { email, text } from '../parse.ts';
import { serverConfig } from '../server-config.ts';
import type { IssueInput } from './issue-token.ts';

interface CreateOptions {
  role: WorkspaceRole;
  email?: string;
  name?: string;
  tokenName?: string;
  json?: boolean;
}

/** `hikeshi tokens`: API tokens, made directly in the database (for the first admin, scripts, CI). */
export function tokensCommand(io: CliIo): Command {
  const tokens = new Command('tokens')
    .summary('create API tokens (server side)')
    .description(
      'API tokens, made directly in the database: for the first admin on a fresh install, for scripts and CI. ' +
        'With a running server, admins create tokens through the API instead: POST /api/v1/tokens.',
    );
  tokens.addCommand(createCommand(io));
  return tokens.addHelpText(
    'after',
    `
Examples:
  TOKEN=$(npx hikeshi tokens create --role admin)
  hikeshi tokens create --role responder --email ci@example.com --json

${EXIT_CODES_SHORT}`,
  );
}

function createCommand(io: CliIo): Command {
  return new Command('create')
    .summary('create a user (or reuse one by email) and a new API token')
    .description(
      'Create (or reuse, by email) a user with the given role and a new API token for them. Prints only ' +
        'the token, so TOKEN=$(hikeshi tokens create --role admin) works; --json prints {userId, tokenId, token, role}. ' +
        'Opens the database directly (config from the environment, as `hikeshi serve`). With the embedded ' +
        'database the server must be stopped: one process per data dir.',
    )
    .addOption(
      new Option('--role <role>', 'workspace role of the user')
        .choices(['viewer', 'responder', 'admin'])
        .makeOptionMandatory(),
    )
    .option(
      '--email <email>',
      'the user (created when new; default cli-<role>@hikeshi.local)',
      email,
    )
    .option('--name <name>', "the user's name when created (default CLI <role>)", text(200))
    .option(
      '--token-name <name>',
      'a name for the token, shown in token lists (default cli)',
      text(200),
    )
    .option('--json', 'print {userId, tokenId, token, role} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  TOKEN=$(npx hikeshi tokens create --role admin)
  hikeshi tokens create --role responder --email ci@example.com --name "CI" --token-name github-actions
  hikeshi tokens create --role viewer --json

An existing user keeps their name; their role must be the one asked for (else exit 2).
${EXIT_CODES_SHORT}`,
    )
    .action(async (options: CreateOptions) => {
      const config = await serverConfig(io);
      const input: IssueInput = {
        role: options.role,
        email: options.email ?? `cli-${options.role}@hikeshi.local`,
        name: options.name ?? `CLI ${options.role}`,
        tokenName: options.tokenName ?? 'cli',
      };
      // Loaded on demand: the client commands need none of the server's modules.
      const { issueTokenInDatabase } = await import('./issue-token.ts');
      const issued = await issueTokenInDatabase(config, input, operatorLocale(io.env));
      if (options.json) {
        const { userId, tokenId, token, role } = issued;
        io.out(`${JSON.stringify({ userId, tokenId, token, role })}\n`);
      } else {
        io.out(`${issued.token}\n`);
      }
      if (io.isErrTty) {
        const who = issued.isNewUser ? 'new user' : 'user';
        io.err(
          `Token "${input.tokenName}" created for ${who} ${input.email} (${issued.role}); it is shown only once.\n`,
        );
      }
    });
}
