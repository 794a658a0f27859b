import { Command } from 'commander';
import { CliError, EXIT, EXIT_CODES_SHORT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

/**
 * `hikeshi doctor`: checks the Slack setup from the environment — the bot token (auth.test), the
 * scopes it was granted (X-OAuth-Scopes) against those slack/manifest.json asks for, naming each
 * missing one, and the signing secret or app token. Exit 0 when all is well; 2 when Slack is not
 * configured or scopes are missing; 5 when the token is refused; 6 when Slack cannot be reached.
 */
export function doctorCommand(io: CliIo): Command {
  return new Command('doctor')
    .summary('check the Slack token and its scopes against the app manifest')
    .description(
      'Calls auth.test with SLACK_BOT_TOKEN (at SLACK_API_URL when set) and compares the granted scopes with ' +
        'those slack/manifest.json asks for; names every missing scope. Also reports whether SLACK_SIGNING_SECRET ' +
        '(HTTP at /slack/events) or SLACK_APP_TOKEN (Socket Mode) is set. Secrets are never printed.',
    )
    .addHelpText('after', `\nExamples:\n  SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… hikeshi doctor\n\n${EXIT_CODES_SHORT}`)
    .action(async () => {
      const { loadConfig } = await import('../../../config/env.ts');
      const config = loadConfig(io.env);
      const token = io.env['SLACK_BOT_TOKEN']?.trim();
      if (!token) {
        throw new CliError('Slack is not configured: SLACK_BOT_TOKEN is not set.', EXIT.usage, [
          'Create the app from slack/manifest.json, install it, then set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (docs/slack.md).',
        ]);
      }
      const apiUrl = io.env['SLACK_API_URL']?.trim();
      const { checkSlackToken, manifestScopes } = await import('../../slack/slack-check.ts');
      const result = await checkSlackToken(token, apiUrl);
      switch (result.outcome) {
        case 'token_refused':
          throw new CliError(`The Slack token was refused (${result.code}).`, EXIT.auth, ['Reinstall the app and copy its Bot User OAuth Token into SLACK_BOT_TOKEN.']);
        case 'api_error':
          throw new CliError(`auth.test failed: ${result.code}.`, EXIT.unexpected);
        case 'unreachable':
          throw new CliError(`Slack cannot be reached at ${apiUrl ?? 'https://slack.com/api/'}.`, EXIT.unreachable, [result.detail]);
        case 'ok':
          break;
      }
      const { bot } = result;
      io.out(`Token: ok — bot ${bot.user} (${bot.userId}) in ${bot.team} (${bot.teamId})\n`);
      io.out(`Requests: ${config.slack?.signingSecret ? 'HTTP at /slack/events (SLACK_SIGNING_SECRET set)' : 'no SLACK_SIGNING_SECRET'}; ${config.slack?.appToken ? 'Socket Mode (SLACK_APP_TOKEN set)' : 'no Socket Mode'}\n`);
      const wanted = manifestScopes();
      const missing = result.missingScopes;
      io.out(`Scopes: ${result.grantedScopes.length} granted, ${wanted.length} asked for by slack/manifest.json\n`);
      if (missing.length > 0) {
        throw new CliError(`Missing ${missing.length} scope${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`, EXIT.usage, [
          'Add them under OAuth & Permissions (or update the app from slack/manifest.json) and reinstall the app.',
        ]);
      }
      if (!config.slack) {
        throw new CliError('Set SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) so Slack can reach hikeshi.', EXIT.usage);
      }
      io.out('Slack: all good.\n');
    });
}
