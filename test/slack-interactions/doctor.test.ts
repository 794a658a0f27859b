import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/adapters/cli/program.ts';
import type { CliIo } from '../../src/adapters/cli/io.ts';
import { startSlackEmulator, type SlackEmulator } from '../slack-emulator/index.ts';

/** `hikeshi doctor` in-process, against the emulator. */
async function doctor(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    env,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    isOutTty: false,
    isErrTty: false,
    columns: undefined,
    cwd: process.cwd(),
  };
  const code = await runCli(['doctor'], io, '0.0.0');
  return { code, out, err };
}

describe('hikeshi doctor', () => {
  let slack: SlackEmulator;
  beforeAll(async () => {
    slack = await startSlackEmulator();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('passes with the manifest scopes and names the bot and team', async () => {
    const result = await doctor({ SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.url, SLACK_SIGNING_SECRET: 'secret-value' });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`(${slack.bot.userId}) in `);
    expect(result.out).toContain('Slack: all good.');
    expect(result.out).not.toContain('secret-value');
    expect(slack.callsTo('auth.test')).toHaveLength(1);
  });

  it('names every missing scope (exit 2)', async () => {
    const token = slack.addToken({ scopes: ['chat:write', 'commands', 'users:read'] });
    const result = await doctor({ SLACK_BOT_TOKEN: token, SLACK_API_URL: slack.url, SLACK_SIGNING_SECRET: 'x' });
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'Missing 15 scopes: bookmarks:write, channels:history, channels:join, channels:manage, channels:read, chat:write.public, groups:history, groups:read, groups:write, im:read, im:write, pins:write, reactions:read, usergroups:read, users:read.email',
    );
  });

  it('says so when the token is refused (exit 5), Slack is unreachable (exit 6) or not configured (exit 2)', async () => {
    const token = slack.addToken({ scopes: ['chat:write'] });
    slack.revokeToken(token);
    const refused = await doctor({ SLACK_BOT_TOKEN: token, SLACK_API_URL: slack.url });
    expect(refused.code).toBe(5);
    expect(refused.err).toContain('The Slack token was refused (token_revoked).');
    const unreachable = await doctor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(unreachable.code).toBe(6);
    expect(unreachable.err).toContain('Slack cannot be reached at http://127.0.0.1:9/api/.');
    const none = await doctor({});
    expect(none.code).toBe(2);
    expect(none.err).toContain('Slack is not configured: SLACK_BOT_TOKEN is not set.');
  });
});
